"""Results grouped by a tag (lesson, client-need category, difficulty, clinical judgement
step), in marks: each response's points scaled to its item's mark, kept exact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class TagScore:
    tag: str
    responses: int
    earned: Fraction  # marks
    possible: Fraction  # marks

    @property
    def percent(self) -> float | None:
        """For display (rounded by the page); None with nothing answered."""
        return float(100 * self.earned / self.possible) if self.possible else None


def tally(rows: Iterable[tuple[str, int, Fraction, Fraction]],
          order: Iterable[str] = ()) -> tuple[TagScore, ...]:
    """Sum (tag, responses, marks earned, marks possible) rows per tag. Tags listed in `order`
    come first in that order (even with no responses); the rest follow alphabetically."""
    sums: dict[str, tuple[int, Fraction, Fraction]] = {}
    for tag, responses, earned, possible in rows:
        n, e, p = sums.get(tag, (0, Fraction(0), Fraction(0)))
        sums[tag] = (n + responses, e + earned, p + possible)
    ordered = list(dict.fromkeys(order))
    ordered += sorted(t for t in sums if t not in set(ordered))
    return tuple(TagScore(t, *sums.get(t, (0, Fraction(0), Fraction(0)))) for t in ordered)
