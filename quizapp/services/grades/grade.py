"""A student's grade for a quiz: the quiz's grading method (highest, last, first, average)
over their submitted attempts that count toward a grade, in marks. `quiz_grade` is the one
definition; `quiz_grades` computes the same for many students and quizzes at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import Select, select

from ...extensions import db
from ...models import Attempt, Quiz
from ...scoring.marks import Marks, combine, round_percent
from .marks import attempt_marks


@dataclass(frozen=True)
class Grade:
    """What the gradebook reports for one student and quiz."""

    method: str
    pass_mark: int
    attempts: int  # submitted attempts that count
    ratio: Fraction | None  # None: no submitted attempt yet
    marks_possible: Fraction = Fraction(0)  # of the latest attempt (every form is equal)

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round_percent(self.ratio)

    @property
    def marks(self) -> Fraction | None:
        """The grade in marks (ratio x marks possible), exact."""
        return None if self.ratio is None else self.ratio * self.marks_possible

    @property
    def passed(self) -> bool:
        return self.ratio is not None and self.ratio * 100 >= self.pass_mark


def grade_of(quiz: Quiz, attempts: Sequence[Marks]) -> Grade:
    """The grade from the student's submitted attempts' marks, in submission order."""
    return Grade(quiz.grading, quiz.pass_mark, len(attempts), combine(quiz.grading, attempts),
                 attempts[-1].possible if attempts else Fraction(0))


def _counted(user_ids: Select[Any], quiz_ids: list[int]) -> list[Any]:
    """Attempts that count toward a grade: submitted quiz attempts (never practice sets)."""
    return [Attempt.status == "submitted", Attempt.purpose == "quiz",
            Attempt.user_id.in_(user_ids), Attempt.quiz_id.in_(quiz_ids)]


def quiz_grade(user_id: int, quiz_id: int) -> Grade:
    """The student's grade for the quiz (NotFound is the caller's: quiz_id must exist)."""
    quiz = db.session.get(Quiz, quiz_id)
    assert quiz is not None, "quiz_grade needs an existing quiz"
    return quiz_grades(select(Attempt.user_id).where(Attempt.user_id == user_id), [quiz])\
        .get((user_id, quiz_id), grade_of(quiz, []))


def quiz_grades(user_ids: Select[Any], quizzes: Iterable[Quiz]
                ) -> dict[tuple[int, int], Grade]:
    """Grades by (user id, quiz id) for the students in `user_ids` (a subquery) who have
    submitted an attempt at one of `quizzes`: two queries in all."""
    by_id = {q.id: q for q in quizzes}
    if not by_id:
        return {}
    where = _counted(user_ids, list(by_id))
    rows = db.session.execute(select(Attempt.id, Attempt.user_id, Attempt.quiz_id)
                              .where(*where).order_by(Attempt.submitted_at, Attempt.id)).all()
    marks = attempt_marks(select(Attempt.id).where(*where)) if rows else {}
    taken: dict[tuple[int, int], list[Marks]] = {}
    for attempt_id, uid, qid in rows:  # quiz_id is set: the filter names quizzes
        taken.setdefault((uid, qid or 0), []).append(marks.get(attempt_id, Marks(Fraction(0),
                                                                             Fraction(0))))
    return {key: grade_of(by_id[key[1]], attempts) for key, attempts in taken.items()}
