"""The whole bank's validation: load it, then score each question's `examples:` with the real
scorer. `quiz validate` and `quiz import` both call `validate_bank`, so a bank whose examples
disagree with its keys can never be imported. Pure: no Flask, no database. The grader comes
from the type registry (content imports scoring, never the other way)."""

from __future__ import annotations

import os
from typing import Any

from ..scoring import InvalidResponse
from .loader import load_bank
from .model import Bank, Question
from .problems import Problem
from .types import TYPES, grade


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
    """An example's response in the shape the grader reads: lists for tuples, an option id for
    true/false, a one-item list for a typed answer, a list for a part given one option id."""
    response = _thaw(response)
    shape = TYPES[question.type].example if question.type in TYPES else ""
    if shape == "bool" and isinstance(response, bool):
        return ["true" if response else "false"]
    # A typed answer may be written bare: `response: "12.5"` is enough.
    if shape == "text" and isinstance(response, str | int | float) \
            and not isinstance(response, bool):
        return [str(response)]
    if isinstance(response, dict):
        # Part ids are text, even those YAML reads as numbers (ordered positions: {1: a}).
        return {str(k): [v] if isinstance(v, str) else v for k, v in response.items()}
    return response


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    return value


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
    """A response as an author would write it in YAML flow style."""
    if response is None:
        return "(no answer)"
    if isinstance(response, bool):
        return str(response).lower()
    if isinstance(response, tuple | list):
        return "[" + ", ".join(_show(r) for r in response) + "]"
    if isinstance(response, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in response.items()) + "}"
    return str(response)
