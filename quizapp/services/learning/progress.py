"""Reading progress: the first and the latest visit of each lesson, per student."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import LessonProgress
from ...models.types import utcnow

# Reads closer together than this are one visit (web analytics' usual session gap), so a
# reload or a trip back from the quiz changes nothing and takes no write lock.
SAME_VISIT = timedelta(minutes=30)


def mark_read(user_id: int, lesson_id: int, now: datetime | None = None) -> None:
    """Record that the user opened the lesson: the first read, and the latest visit (a read
    within SAME_VISIT of the one recorded is part of it). Writes only when that changes."""
    now = now or utcnow()
    last = db.session.scalar(select(LessonProgress.last_read_at).where(
        LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id))
    if last is not None and now - last < SAME_VISIT:
        return
    with write_transaction():
        row = db.session.scalar(select(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id))
        if row is None:
            db.session.add(LessonProgress(user_id=user_id, lesson_id=lesson_id,
                                          first_read_at=now, last_read_at=now))
        elif now - row.last_read_at >= SAME_VISIT:
            row.last_read_at = now
