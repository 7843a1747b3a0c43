"""NCSBN Next Generation NCLEX scoring rules as pure functions over primitives.

Each rule takes what the learner chose and what the key is (frozensets of option ids,
sequences, numbers, strings) and returns a `Score`. Graders per question type turn a question
and an answer into these primitives; nothing here knows about Flask, the database or YAML.

Inputs that no valid form submission can produce (more picks than allowed, an unknown rule)
raise `ValueError`: callers validate answers before scoring.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from .score import Score

RULE_NAMES = ("zero_one", "plus_minus", "all_or_nothing", "dyad")

_ORDERED_RULES = ("all_or_nothing", "zero_one")
_TOLERANCE_KINDS = ("absolute", "percent")

# After NFKC: optional sign, ASCII digits, optional ".digits" (or a bare ".5").
_DOT_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)", re.ASCII)
# A comma decimal separator: no dot, exactly one comma, 1-2 digits after it ("12,5", "0,25").
_COMMA_NUMBER = re.compile(r"[+-]?\d+,\d{1,2}", re.ASCII)


def zero_one(parts: Sequence[bool]) -> Score:
    """Score one point per correct part, none taken away for wrong parts.

    A part is a multiple-choice answer, a matrix row, a select-N pick, a drop-down in a cloze,
    or a bow-tie target. `possible` is the number of parts.
    """
    return Score(sum(1 for part in parts if part), len(parts))


def plus_minus(chosen: frozenset[str], keys: frozenset[str]) -> Score:
    """Score NCLEX +/-: +1 per key chosen, -1 per non-key chosen, never below 0.

    Used for select-all-that-apply and highlight items; `possible` is the number of keys.
    """
    return Score(_plus_minus_points(chosen, keys), len(keys))


def matrix_plus_minus(
    chosen_by_column: Mapping[str, frozenset[str]],
    keys_by_column: Mapping[str, frozenset[str]],
) -> Score:
    """Score a matrix multiple-response item: +/- per column, each column floored at 0, summed.

    `keys_by_column` must name every column (a column may have no keys); a chosen column it
    does not name raises `ValueError`. A column missing from `chosen_by_column` had nothing
    chosen. `possible` is the total number of keys.
    """
    unknown = set(chosen_by_column) - set(keys_by_column)
    if unknown:
        raise ValueError(f"chosen columns not in the key: {sorted(unknown)}")
    earned = sum(
        _plus_minus_points(chosen_by_column.get(column, frozenset()), keys)
        for column, keys in keys_by_column.items()
    )
    return Score(earned, sum(len(keys) for keys in keys_by_column.values()))


def all_or_nothing(chosen: frozenset[str], keys: frozenset[str]) -> Score:
    """Score 1/1 only when exactly the keys were chosen, else 0/1."""
    return Score(1 if chosen == keys else 0, 1)


def select_n(chosen: frozenset[str], keys: frozenset[str], n: int) -> Score:
    """Score a select-N item: one point per key chosen, no penalty, `possible` is `n`.

    Raises `ValueError` when more than `n` options were chosen (the form must prevent it), when
    `n` is below 1, or when there are fewer than `n` keys (full marks would be unreachable).
    """
    if n < 1:
        raise ValueError(f"select_n needs n >= 1, got {n}")
    if len(keys) < n:
        raise ValueError(f"select_n has {len(keys)} keys for n={n}; needs at least {n}")
    if len(chosen) > n:
        raise ValueError(f"chose {len(chosen)} options but at most {n} are allowed")
    return Score(len(chosen & keys), n)


def dyad(first_correct: bool, second_correct: bool) -> Score:
    """Score a rationale (dyad) item: 1/1 only when both linked parts are correct, else 0/1."""
    return Score(1 if first_correct and second_correct else 0, 1)


def ordered(chosen: Sequence[str], key: Sequence[str], rule: str = "all_or_nothing") -> Score:
    """Score an ordered-response item.

    `rule="all_or_nothing"` (the default) gives 1/1 only for exactly the key order.
    `rule="zero_one"` gives one point per item in its key position, `possible = len(key)`;
    a partial answer (shorter than the key) scores the positions it fills.
    Raises `ValueError` for another rule or an answer longer than the key.
    """
    if rule not in _ORDERED_RULES:
        raise ValueError(f"unknown ordered rule {rule!r}; use one of {_ORDERED_RULES}")
    if len(chosen) > len(key):
        raise ValueError(f"answer has {len(chosen)} items but the key has {len(key)}")
    if rule == "all_or_nothing":
        return Score(1 if list(chosen) == list(key) else 0, 1)
    # strict=False: a partial answer scores the positions it fills.
    return Score(sum(1 for got, want in zip(chosen, key, strict=False) if got == want), len(key))


def numeric(
    value: Decimal | float | None,
    target: Decimal,
    tolerance: Decimal,
    tolerance_kind: str = "absolute",
) -> Score:
    """Score a numeric answer: 1/1 when within tolerance of the target, else 0/1.

    `tolerance_kind="absolute"`: correct when |value - target| <= tolerance.
    `tolerance_kind="percent"`: correct when |value - target| <= |target| * tolerance / 100
    (so a target of 0 needs an exact answer). The boundary counts as correct. Comparison is
    exact: floats are taken by their shortest repr (0.3 means 0.3), so pass `Decimal` values,
    e.g. from `parse_number`, to avoid float sums such as 0.1 + 0.2. `None`, NaN and
    infinities score 0/1. Raises `ValueError` for a non-finite target or tolerance, a negative
    tolerance or an unknown `tolerance_kind`.
    """
    if tolerance_kind not in _TOLERANCE_KINDS:
        raise ValueError(f"unknown tolerance kind {tolerance_kind!r}; use {_TOLERANCE_KINDS}")
    exact_target = _exact(target, "target")
    exact_tolerance = _exact(tolerance, "tolerance")
    if exact_target is None or exact_tolerance is None:
        raise ValueError(f"target and tolerance must be finite, got {target} and {tolerance}")
    if exact_tolerance < 0:
        raise ValueError(f"tolerance must not be negative, got {tolerance}")
    exact_value = None if value is None else _exact(value, "value")
    if exact_value is None:
        return Score(0, 1)
    allowed = exact_tolerance
    if tolerance_kind == "percent":
        allowed = abs(exact_target) * exact_tolerance / 100
    return Score(1 if abs(exact_value - exact_target) <= allowed else 0, 1)


def parse_number(text: str) -> Decimal | None:
    """Parse a learner's typed number, or return None when it is not a plain number.

    Accepts an optional sign, digits and a dot decimal ("12", "-0.5", ".5"), surrounding
    whitespace and full-width digits (NFKC). A single comma is a decimal separator only when
    there is no dot and 1-2 digits follow it ("12,5" -> 12.5); "1,000", "1,000.5", "1 000",
    exponents, NaN and infinity give None.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if _DOT_NUMBER.fullmatch(cleaned):
        return Decimal(cleaned)
    if _COMMA_NUMBER.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", "."))
    return None


def normalise_text(s: str, case_sensitive: bool = False) -> str:
    """Normalise a short text answer for comparison.

    Applies Unicode NFKC, case-folds unless `case_sensitive`, collapses internal whitespace to
    single spaces, trims, and drops trailing periods (with any spaces between them).
    """
    text = unicodedata.normalize("NFKC", s)
    if not case_sensitive:
        # Case folding can leave text NFKC would change again ("ǰ" folds to j + combining caron).
        text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split()).rstrip(". ")


def short_text(answer: str, accepted: Sequence[str], case_sensitive: bool = False) -> Score:
    """Score a short text answer: 1/1 when it matches an accepted answer after normalisation.

    A blank answer (empty after normalisation) never scores, even against a blank accepted
    entry. Raises `ValueError` if `accepted` is a single string rather than a sequence of them.
    """
    if isinstance(accepted, str):
        raise ValueError("accepted must be a sequence of strings, not a single string")
    normalised = normalise_text(answer, case_sensitive)
    if not normalised:
        return Score(0, 1)
    matches = {normalise_text(option, case_sensitive) for option in accepted}
    return Score(1 if normalised in matches else 0, 1)


def _plus_minus_points(chosen: frozenset[str], keys: frozenset[str]) -> int:
    return max(0, len(chosen & keys) - len(chosen - keys))


def _exact(number: Decimal | float, name: str) -> Fraction | None:
    """Return `number` as an exact Fraction, or None when it is NaN or infinite."""
    if isinstance(number, bool) or not isinstance(number, Decimal | float | int):
        raise ValueError(f"{name} must be a Decimal, float or int, got {number!r}")
    if not isinstance(number, Decimal):
        number = Decimal(repr(number))  # repr: 0.3 means 0.3, not its binary neighbour
    if not number.is_finite():
        return None
    return Fraction(number)
