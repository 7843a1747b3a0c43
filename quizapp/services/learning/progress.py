"""Reading progress."""

from __future__ import annotations

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import LessonProgress
from ...models.types import utcnow


def mark_read(user_id: int, lesson_id: int) -> None:
    """Record that the user opened the lesson (first and latest time)."""
    with write_transaction():
        row = db.session.scalar(select(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id))
        if row is None:
            db.session.add(LessonProgress(user_id=user_id, lesson_id=lesson_id))
        else:
            row.last_read_at = utcnow()
