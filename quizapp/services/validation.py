"""Validation that needs more than content/: scoring each question's `examples:` with the real
scorer. `quiz validate` and `quiz import` both call `validate_bank`, so a bank whose examples
disagree with its keys can never be imported. Pure: no Flask, no database."""

from __future__ import annotations

import os
from typing import Any

from ..content import Bank, Problem, Question, load_bank
from ..scoring import InvalidResponse, grade


def validate_bank(root: str | os.PathLike[str]) -> tuple[Bank, list[Problem]]:
    """Load the bank under `root` and check it, examples included: (bank, sorted problems)."""
    bank, problems = load_bank(root)
    return bank, sorted(set(problems) | set(check_examples(bank)))


def check_examples(bank: Bank) -> list[Problem]:
    """One error per example whose response does not score what the author expects."""
    problems = []
    for question in bank.questions():
        if question.location is None:
            continue
        for example in question.examples:
            message = _mismatch(question, example.response, example.score)
            if message:
                problems.append(Problem(question.location.file, example.line, example.col,
                                        message))
    return problems


def response_for_grader(question: Question, response: Any) -> Any:
    """An example's response as the grader takes it (true/false becomes an option id)."""
    if question.type == "true_false" and isinstance(response, bool):
        return ["true" if response else "false"]
    if isinstance(response, tuple):
        return [response_for_grader(question, r) for r in response]
    return response


def _mismatch(question: Question, response: Any, expected: int) -> str | None:
    shown = _show(response)
    try:
        score = grade(question, response_for_grader(question, response))
    except (InvalidResponse, TypeError, ValueError) as exc:
        return f"example response {shown} cannot be scored: {exc}"
    if score.earned == expected:
        return None
    return (f"example response {shown} scores {score.earned} of {score.possible} under "
            f"{question.scoring}, but the example expects {expected}")


def _show(response: Any) -> str:
    if response is None:
        return "(no answer)"
    if isinstance(response, bool):
        return str(response).lower()
    if isinstance(response, tuple):
        return "[" + ", ".join(_show(r) if not isinstance(r, str) else r for r in response) + "]"
    return str(response)
