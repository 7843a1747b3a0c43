"""The student's answer history as the study tools read it: the latest graded answer to each
question, from any attempt (practice sets included: a question stops being missed, and an
area stops being weak, once the latest answer earns full marks)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import Attempt, Response


@dataclass(frozen=True)
class LatestAnswer:
    question_version_id: int
    earned: int
    possible: int

    @property
    def full_marks(self) -> bool:
        return self.earned >= self.possible


def latest_graded(user_id: int) -> dict[str, LatestAnswer]:
    """Per question id, the student's latest graded answer (one query)."""
    rows = db.session.execute(
        select(Response.question_id, Response.question_version_id, Response.earned,
               Response.possible)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.user_id == user_id, Response.earned.is_not(None))
        .order_by(Response.saved_at, Response.id)).all()
    return {qid: LatestAnswer(vid, earned, possible) for qid, vid, earned, possible in rows
            if earned is not None}  # always, by the query: mypy cannot see it
