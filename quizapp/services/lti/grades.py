"""What an LMS gradebook gets for a quiz: the student's grade (the app's one grade function,
`services.grades.quiz_grade`: the quiz's grading method over the attempts that count, in
marks), the quiz's maximum for its gradebook column, and when a grade is held back.

A grade is held back while the student may not see their own score in quizapp (the quiz's
review options: results after the quiz closes, or never): sending it earlier would show it in
the LMS gradebook first. It goes once the results are shown.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from sqlalchemy import select

from ...extensions import db
from ...models import Quiz
from ..errors import Conflict
from ..grades import quiz_grade
from ..policy.review import review_for

PERCENT = 100.0  # the column's maximum when a quiz's marks cannot be known (scores scale)
DECIMALS = 4  # AGS scores are JSON numbers; four decimals keep a third of a mark honest
RECHECK = timedelta(minutes=10)  # how soon a held grade is looked at again (results released)
NEVER_RECHECK = timedelta(days=1)  # a quiz that never shows results may be re-imported


@dataclass(frozen=True)
class ScoreToSend:
    given: float
    maximum: float


def _number(value: Fraction | int) -> float:
    return round(float(value), DECIMALS)


def score_to_send(user_id: int, quiz_id: int) -> ScoreToSend | None:
    """The student's grade for the quiz as (marks given, marks possible), or None before any
    attempt that counts toward a grade has been submitted."""
    grade = quiz_grade(user_id, quiz_id)
    if grade.marks is None or grade.marks_possible <= 0:
        return None
    return ScoreToSend(_number(grade.marks), _number(grade.marks_possible))


def held_back(user_id: int, quiz_id: int | None, now: datetime
              ) -> tuple[datetime, str] | None:
    """(when to look again, why) while the student may not see their score for the quiz;
    None when the grade may go to the LMS now."""
    quiz = db.session.get(Quiz, quiz_id) if quiz_id is not None else None
    if quiz is None:
        return None
    review = review_for(quiz, user_id, now)
    if review.score:
        return None
    if quiz.review == "never":
        return now + NEVER_RECHECK, ("Held: this quiz never shows students their results "
                                     "(its review setting), so the LMS gets no grade.")
    return now + RECHECK, ("Held until the student may see the result: " + review.note)[:500]


def score_maxima(quiz_ids: Iterable[int]) -> dict[int, float]:
    """Each quiz's marks possible, for an LMS gradebook column: the marks of a form as the
    quiz draws it (a lesson quiz: all its questions; an exam: one form of its blueprint, and
    every form of a blueprint is worth the same)."""
    # Imported here: attempts records grades through this package (lti -> attempts at import
    # time would be a cycle).
    from ..attempts.draw import draw

    out = {}
    for quiz in db.session.scalars(select(Quiz).where(Quiz.id.in_(list(quiz_ids)))):
        try:
            drawn = draw(quiz, random.Random(0))
        except Conflict:  # a pool too small to draw a form from: no maximum of its own
            continue
        total = sum((d.content.mark for d in drawn), Fraction(0))
        if total > 0:
            out[quiz.id] = _number(total)
    return out
