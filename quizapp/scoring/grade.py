"""Grade one question against one response: a registry of kinds keyed by question type.

Each kind reads a response strictly (raw from a form, or as stored), scores it under the
question's rule, and knows its own key as a response (see responses.py for the shapes).
Graders are pure; they trust nothing about the response's shape and reject what does not fit.
"""

from __future__ import annotations

from typing import Any

from ..content.model import Question
from . import choice, entry, parts
from .responses import InvalidResponse, Kind
from .score import Score

KINDS: dict[str, Kind] = {**choice.KINDS, **parts.KINDS, **entry.KINDS}


def _kind(question: Question) -> Kind:
    try:
        return KINDS[question.type]
    except KeyError:
        raise InvalidResponse(f"no grader for question type '{question.type}'") from None


def read_answer(question: Question, response: Any) -> Any:
    """The response in its stored (canonical) form; InvalidResponse when it cannot fit."""
    return _kind(question).read(question, response)


def key_answer(question: Question) -> Any:
    """The question's key, written as a response (what full marks look like)."""
    return _kind(question).key(question)


def grade(question: Question, response: Any) -> Score:
    """Points for `response` (None when unanswered) under the question's scoring rule."""
    kind = _kind(question)
    return kind.score(question, kind.read(question, response))


def max_score(question: Question) -> int:
    """Points possible for the question (the score of its own key)."""
    return grade(question, key_answer(question)).possible
