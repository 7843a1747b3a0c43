"""Read model for the instructor's gradebook: students x quizzes, best score and attempts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Attempt, Quiz, User
from .learning import percent


@dataclass(frozen=True)
class Cell:
    attempts: int
    best_percent: int | None
    passed: bool


@dataclass(frozen=True)
class GradebookRow:
    user_id: int
    username: str
    cells: tuple[Cell, ...]
    completed: int


@dataclass(frozen=True)
class Gradebook:
    quizzes: tuple[tuple[str, str], ...]  # (module id, quiz title), in course order
    rows: tuple[GradebookRow, ...]


def gradebook() -> Gradebook:
    """Every student against every quiz, in three queries."""
    quizzes = db.session.scalars(select(Quiz).where(~Quiz.retired)
                                 .order_by(Quiz.module_id, Quiz.position)).all()
    students = db.session.scalars(select(User).where(User.role == "student")
                                  .order_by(User.username)).all()
    stats: dict[tuple[int, int], Cell] = {}
    for user_id, quiz_id, earned, possible, passed in db.session.execute(
            select(Attempt.user_id, Attempt.quiz_id, Attempt.earned, Attempt.possible,
                   Attempt.passed).where(Attempt.status == "submitted",
                                         Attempt.purpose == "quiz")):
        old = stats.get((user_id, quiz_id), Cell(0, None, False))
        stats[(user_id, quiz_id)] = Cell(old.attempts + 1,
                                         max(percent(earned, possible), old.best_percent or 0),
                                         old.passed or bool(passed))
    rows = []
    for s in students:
        cells = tuple(stats.get((s.id, q.id), Cell(0, None, False)) for q in quizzes)
        rows.append(GradebookRow(s.id, s.username, cells, sum(1 for c in cells if c.passed)))
    return Gradebook(tuple((q.module_id, q.title) for q in quizzes), tuple(rows))
