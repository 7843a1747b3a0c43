"""The grade we send to an LMS for a student's quiz, and a quiz's maximum for its gradebook
column: one place for both, so switching to the app's one grade function (issue 13: grading
method and marks) changes this module only.

Until then the grade is the student's best submitted attempt that counts toward a grade (as
the gradebook shows it), in points; a quiz's maximum is its points possible, or 100 (percent)
for a final exam whose questions are drawn per attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select

from ...extensions import db
from ...models import Attempt, Question, QuestionVersion, Quiz

PERCENT = 100.0
DECIMALS = 4  # AGS scores are JSON numbers; four decimals keep 1/3 of a mark honest enough


@dataclass(frozen=True)
class ScoreToSend:
    given: float
    maximum: float


def _number(value: Fraction | int) -> float:
    return round(float(value), DECIMALS)


def score_to_send(user_id: int, quiz_id: int) -> ScoreToSend | None:
    """The student's grade for the quiz as (score given, score maximum), or None when no
    attempt that counts toward a grade has been submitted."""
    rows = db.session.execute(select(Attempt.earned, Attempt.possible).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz_id,
        Attempt.status == "submitted", Attempt.counts_toward_grade)).all()
    graded = [(earned or 0, possible) for earned, possible in rows if possible]
    if not graded:
        return None
    earned, possible = max(graded, key=lambda ep: (Fraction(ep[0], ep[1]), ep[1]))
    return ScoreToSend(_number(earned), _number(possible))


def score_maxima(quiz_ids: Iterable[int]) -> dict[int, float]:
    """Each quiz's maximum for an LMS gradebook column: a lesson quiz's points possible (its
    current questions); a final exam, drawn afresh per attempt, is out of 100."""
    ids = list(quiz_ids)
    kinds = dict(db.session.execute(select(Quiz.id, Quiz.kind).where(Quiz.id.in_(ids))).all())
    points = dict(db.session.execute(
        select(Question.quiz_id, func.sum(QuestionVersion.max_score))
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.quiz_id.in_(ids), ~Question.retired)
        .group_by(Question.quiz_id)).all())
    return {quiz_id: PERCENT if kind == "final" or not points.get(quiz_id)
            else _number(points[quiz_id]) for quiz_id, kind in kinds.items()}
