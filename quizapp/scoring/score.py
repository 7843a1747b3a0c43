"""The result of grading one question: integer points, as Moodle and Open edX keep them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    """Points earned out of points possible for one question (or one part of it)."""

    earned: int
    possible: int

    def __post_init__(self) -> None:
        if self.possible < 0 or not 0 <= self.earned <= self.possible:
            raise ValueError(f"score out of range: {self.earned}/{self.possible}")

    @property
    def is_partial(self) -> bool:
        return 0 < self.earned < self.possible

    def __add__(self, other: Score) -> Score:
        return Score(self.earned + other.earned, self.possible + other.possible)
