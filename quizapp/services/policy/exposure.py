"""Which quizzes' questions the study tools may put in front of a student: "retake what I
missed", spaced review (FSRS cards) and the calibration list show keys, rationales or stems
outside the quiz. The one rule: questions of lesson quizzes whose key the student may see now.
A final exam's own pool is never among them, so its items stay unseen outside the exam."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...models import Quiz
from .windows import CLOSED, windows_for


def study_quiz_ids(user_id: int, now: datetime) -> list[int]:
    """Ids of the live lesson quizzes whose questions may reach the student in study tools:
    review immediately with the key, or after_close once the quiz has closed for them."""
    quizzes = db.session.scalars(select(Quiz).where(
        Quiz.kind == "lesson", ~Quiz.retired, Quiz.review != "never",
        Quiz.review_shows == "key")).all()
    later = [q for q in quizzes if q.review == "after_close"]
    windows = windows_for(user_id, later) if later else {}
    return [q.id for q in quizzes
            if q.review == "immediately" or windows[q.id].state(now) == CLOSED]


def exam_pool_quiz_ids() -> list[int]:
    """Ids of final exams with their own pool: their questions are exam-only."""
    return list(db.session.scalars(select(Quiz.id).where(Quiz.kind == "final",
                                                         Quiz.blueprint.is_not(None))))
