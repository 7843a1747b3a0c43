"""Typed answers: numeric (a number within a tolerance, the unit shown beside the input) and
short_text (matched against accepted answers after normalisation)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import rules
from .gradable import Gradable
from .responses import Kind, text_value
from .score import Score

NUMBER_LENGTH = 32
TEXT_LENGTH = 200


def typed_number(q: Gradable, text: str) -> Decimal | None:
    """The number in a typed answer; a unit typed after it (the question's own) is ignored."""
    unit = q.detail.unit if q.detail else ""
    cleaned = text.strip()
    if unit and cleaned.casefold().endswith(unit.casefold()):
        cleaned = cleaned[: -len(unit)]
    return rules.parse_number(cleaned)


def _score_numeric(q: Gradable, answer: list[str]) -> Score:
    value = typed_number(q, answer[0]) if answer else None
    detail = q.detail
    tolerance = Decimal(detail.tolerance) if detail else Decimal(0)
    kind = detail.tolerance_kind if detail else "absolute"
    return rules.numeric(value, Decimal(q.key[0]), tolerance, kind)


def _score_text(q: Gradable, answer: list[str]) -> Score:
    case_sensitive = q.detail.case_sensitive if q.detail else False
    return rules.short_text(answer[0] if answer else "", q.key, case_sensitive)


def _read(length: int) -> Callable[[Gradable, Any], list[str]]:
    return lambda q, raw: text_value(q, raw, length)


# The graders; content/types names the one each question type uses.
NUMBER = Kind(_read(NUMBER_LENGTH), _score_numeric, lambda q: [q.key[0]])
TEXT = Kind(_read(TEXT_LENGTH), _score_text, lambda q: [q.key[0]])
