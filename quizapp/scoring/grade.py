"""Grade one question against one response: a registry of graders keyed by question type.

A response is what the student chose, as stored: for the choice types, a list of option ids.
Graders are pure; they trust nothing about the response's shape and reject what does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..content.model import Question
from . import rules
from .score import Score


class InvalidResponse(ValueError):
    """A response that cannot belong to the question (unknown option, wrong shape)."""


def choice_ids(question: Question, response: Any) -> frozenset[str]:
    """The option ids in a choice response, checked against the question's options."""
    if response is None:
        return frozenset()
    if not isinstance(response, Sequence) or isinstance(response, str | bytes):
        raise InvalidResponse(f"question '{question.id}' expects a list of option ids")
    known = {o.id for o in question.options}
    chosen = frozenset(response)
    unknown = sorted(str(c) for c in chosen - known)
    if unknown:
        raise InvalidResponse(f"question '{question.id}' has no option {', '.join(unknown)}")
    if question.type != "select_all" and len(chosen) > 1:
        raise InvalidResponse(f"question '{question.id}' takes one answer, got {len(chosen)}")
    return chosen


def _single(question: Question, response: Any) -> Score:
    chosen = choice_ids(question, response)
    return rules.zero_one([chosen == frozenset(question.key)])


def _select_all(question: Question, response: Any) -> Score:
    chosen, keys = choice_ids(question, response), frozenset(question.key)
    if question.scoring == "all_or_nothing":
        return rules.all_or_nothing(chosen, keys)
    return rules.plus_minus(chosen, keys)


GRADERS: dict[str, Callable[[Question, Any], Score]] = {
    "single_choice": _single,
    "true_false": _single,
    "select_all": _select_all,
}


def grade(question: Question, response: Any) -> Score:
    """Points for `response` (None when unanswered) under the question's scoring rule."""
    try:
        grader = GRADERS[question.type]
    except KeyError:
        raise InvalidResponse(f"no grader for question type '{question.type}'") from None
    return grader(question, response)


def max_score(question: Question) -> int:
    """Points possible for the question (the score of its own key)."""
    return grade(question, list(question.key)).possible
