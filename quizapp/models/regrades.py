"""Regrade records: the score a response had before an instructor rescored it on purpose."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow


class RegradeRecord(Model):
    """One response moved from an older question version to the current one, with both
    scores. Appended by `quiz regrade`, never updated: the history of every changed score."""

    __tablename__ = "regrade_record"
    __table_args__ = (
        CheckConstraint("old_version_id <> new_version_id", name="new_version"),
        CheckConstraint("old_earned >= 0 AND old_earned <= old_possible", name="old_score"),
        CheckConstraint("new_earned >= 0 AND new_earned <= new_possible", name="new_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"))
    old_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    new_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    old_earned: Mapped[int]
    old_possible: Mapped[int]
    new_earned: Mapped[int]
    new_possible: Mapped[int]
    regraded_by: Mapped[str] = mapped_column(String(64))
    regraded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
