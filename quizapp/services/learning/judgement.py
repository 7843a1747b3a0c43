"""The student's results by step of the NCSBN clinical judgement model across their quiz
attempts (the progress page), counting only attempts whose review shows their responses now,
so a held-back exam result is not given away step by step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...models import Attempt, Quiz
from ...models.types import utcnow
from ...stats import TagScore
from ..grades.tags import step_results
from ..policy.review import reviews_for


def judgement_results(user_id: int, now: datetime | None = None) -> tuple[TagScore, ...]:
    """Marks per clinical judgement step over the student's submitted quiz attempts (empty
    when no answered item carries a step)."""
    quizzes = list(db.session.scalars(select(Quiz).where(Quiz.id.in_(
        select(Attempt.quiz_id).where(Attempt.user_id == user_id,
                                      Attempt.status == "submitted",
                                      Attempt.purpose == "quiz")))))
    reviews = reviews_for(user_id, quizzes, now or utcnow())
    shown = [qid for qid, review in reviews.items() if review.responses]
    if not shown:
        return ()
    steps = step_results(Attempt.user_id == user_id, Attempt.status == "submitted",
                         Attempt.purpose == "quiz", Attempt.quiz_id.in_(shown))
    return steps if any(s.responses for s in steps) else ()
