"""Marks: an item's points scaled to what it is worth, and a student's grade across attempts.

Points are stored (integers, per response); marks are computed from them as exact fractions,
so sums never drift: marks = mark x earned / possible. A mark is stored in hundredths (an
author writes 0.5; the attempt item holds 50). Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..text import decimal_text

GRADING_METHODS = ("highest", "last", "first", "average")


def mark_value(hundredths: int) -> Fraction:
    """A stored mark (hundredths) as a number of marks."""
    return Fraction(hundredths, 100)


def to_hundredths(mark: Fraction) -> int:
    """A mark as stored; marks are whole hundredths (content validation guarantees it)."""
    value = mark * 100
    if value.denominator != 1 or value <= 0:
        raise ValueError(f"a mark must be a positive number of hundredths, not {mark}")
    return int(value)


def snapshot_mark(snapshot: dict[str, object]) -> int:
    """The mark (hundredths) of a stored question version: its `mark`, or 1 when it has none."""
    return to_hundredths(Fraction(str(snapshot.get("mark", 1))))


def item_marks(hundredths: int, earned: int | None, possible: int | None) -> Fraction:
    """The marks an item earned: its mark scaled by points earned / possible (0 if ungraded)."""
    if not earned or not possible:
        return Fraction(0)
    return mark_value(hundredths) * earned / possible


@dataclass(frozen=True)
class Marks:
    """Marks earned out of marks possible, exact."""

    earned: Fraction
    possible: Fraction

    @property
    def ratio(self) -> Fraction:
        """Earned / possible (0 when nothing is possible)."""
        return self.earned / self.possible if self.possible else Fraction(0)

    def percent(self) -> int:
        """The whole percentage, rounded half to even once from the exact value."""
        return round_percent(self.ratio)

    def __add__(self, other: Marks) -> Marks:
        return Marks(self.earned + other.earned, self.possible + other.possible)


NO_MARKS = Marks(Fraction(0), Fraction(0))


def round_percent(ratio: Fraction) -> int:
    """A ratio (0..1) as a whole percentage, rounded once from the exact value."""
    return int((Fraction(100) * ratio).__round__())


def show(value: Fraction, places: int = 2) -> str:
    """A number of marks for people: `3`, `2.5`, `2.67` (rounded half to even once)."""
    return decimal_text(value, places)


def passes(marks: Marks, pass_mark: int) -> bool:
    """At least `pass_mark` percent of the marks possible (exact: 7 of 10 meets 70)."""
    return marks.possible > 0 and marks.earned * 100 >= pass_mark * marks.possible


def combine(method: str, attempts: Sequence[Marks]) -> Fraction | None:
    """A student's grade for a quiz (a ratio, 0..1) from their submitted attempts in the order
    they were submitted: the highest, the last, the first, or the average of the attempts'
    ratios. None when there is no attempt."""
    if method not in GRADING_METHODS:
        raise ValueError(f"unknown grading method {method!r}")
    if not attempts:
        return None
    ratios = [a.ratio for a in attempts]
    if method == "highest":
        return max(ratios)
    if method == "last":
        return ratios[-1]
    if method == "first":
        return ratios[0]
    return sum(ratios, Fraction(0)) / len(ratios)
