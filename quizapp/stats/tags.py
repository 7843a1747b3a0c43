"""Results grouped by a tag (lesson, client-need category, difficulty)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TagScore:
    tag: str
    responses: int
    earned: int
    possible: int

    @property
    def percent(self) -> float | None:
        return 100 * self.earned / self.possible if self.possible else None


def tally(rows: Iterable[tuple[str, int, int, int]],
          order: Iterable[str] = ()) -> tuple[TagScore, ...]:
    """Sum (tag, responses, earned, possible) rows per tag. Tags listed in `order` come first in
    that order (even with no responses); the rest follow alphabetically."""
    sums: dict[str, list[int]] = {}
    for tag, responses, earned, possible in rows:
        acc = sums.setdefault(tag, [0, 0, 0])
        acc[0] += responses
        acc[1] += earned
        acc[2] += possible
    ordered = list(dict.fromkeys(order))
    ordered += sorted(t for t in sums if t not in set(ordered))
    return tuple(TagScore(t, *sums.get(t, (0, 0, 0))) for t in ordered)
