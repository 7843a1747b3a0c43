"""The simulated class, drawn from a seed: who the students are (ability, pace, habits) and how
likely each is to get each item right. Pure: no database, no clock.

Correctness follows item response theory's three-parameter logistic model,
P(right) = c + (1 - c) / (1 + exp(-a (ability - b))): b, the item's difficulty, comes from the
author's `difficulty` (easy, medium, hard) with some spread; a, its discrimination, is
positive for a sound item; c, the chance of guessing right, is one in the number of options
of a single-choice item. A few items are given a negative a ("misfits"), so weaker students
get them right more often than stronger ones: the pattern of a wrong key, which the item
statistics flag as "needs checking".
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ...content.model import Question

USERNAME_FORMAT = "demo-student-{:02d}"
DIFFICULTY = {"easy": -1.8, "medium": -0.9, "hard": 0.1}
MISFIT_DISCRIMINATION = -1.2
# Going over the same questions again (a retake, a practice set, the day's review) helps.
PRACTICE_GAIN = 0.6


@dataclass(frozen=True)
class Student:
    """One simulated student and their habits."""

    number: int
    ability: float  # IRT theta: about N(0, 1) across the class
    lessons: int  # how many lessons they get through in the three weeks
    lag_days: float  # how far behind the class's pace they work
    retakes_failed: float  # chance of retaking a failed quiz
    reviews: int  # spaced-review sessions they do
    rates_confidence: bool  # answers "how sure are you?"
    overconfidence: float  # added to how sure they feel
    sits_final: bool  # takes the final exam once through every lesson

    @property
    def username(self) -> str:
        return USERNAME_FORMAT.format(self.number)


@dataclass(frozen=True)
class Item:
    """An item's IRT parameters: discrimination a, difficulty b, guessing c."""

    a: float
    b: float
    c: float

    def chance(self, ability: float) -> float:
        """The probability that a student of `ability` gets a piece of this item right."""
        return self.c + (1 - self.c) / (1 + math.exp(-self.a * (ability - self.b)))


def make_class(size: int, seed: int, lessons: int) -> list[Student]:
    """`size` students with a spread of abilities and habits, the same for the same seed."""
    rng = random.Random(f"demo-class:{seed}")
    out = []
    for number in range(1, size + 1):
        ability = max(-2.5, min(2.5, rng.gauss(0.0, 1.0)))
        # Stronger students tend to keep up; a few of every ability fall behind.
        keen = min(1.0, max(0.0, rng.gauss(0.9 + 0.1 * ability, 0.2)))
        reached = max(3, min(lessons, round(lessons * keen)))
        out.append(Student(
            number=number, ability=ability, lessons=reached,
            lag_days=rng.uniform(0.0, 2.5) + (1 - keen) * 2,
            retakes_failed=rng.uniform(0.4, 0.95), reviews=rng.choice((0, 0, 0, 1, 1, 2)),
            rates_confidence=rng.random() < 0.6, overconfidence=rng.gauss(0.05, 0.15),
            sits_final=reached == lessons and rng.random() < 0.9))
    return out


def item_model(question: Question, seed: int, misfit: bool = False) -> Item:
    """The item's parameters: its own for a given seed, whatever order items are met in."""
    rng = random.Random(f"demo-item:{seed}:{question.id}")
    b = DIFFICULTY.get(question.difficulty, 0.0) + rng.gauss(0.0, 0.45)
    a = MISFIT_DISCRIMINATION if misfit else rng.uniform(0.9, 2.2)
    c = 1 / len(question.options) if question.type == "single_choice" and question.options else 0.0
    return Item(a, b, c)


def pick_misfits(quizzes: Sequence[Sequence[Question]], seed: int) -> set[str]:
    """One single-choice item in each of the first two lesson quizzes (the ones every
    student takes) to be answered the wrong way round."""
    rng = random.Random(f"demo-misfits:{seed}")
    out = set()
    for questions in quizzes[:2]:
        plain = sorted(q.id for q in questions if q.type == "single_choice" and q.case is None)
        if plain:
            out.add(rng.choice(plain))
    return out


def confidence(rng: random.Random, student: Student, chance: float) -> str:
    """How sure the student says they are: their sense of the item, a bit off."""
    felt = chance + student.overconfidence + rng.gauss(0.0, 0.15)
    return "high" if felt > 0.75 else "low" if felt < 0.45 else "medium"
