"""What instructors set per cohort or per student on top of a quiz's settings: other open
and close times for a cohort, and extra attempts for a student."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow


class QuizWindow(Model):
    """A cohort's own open and close times for a quiz (either may be None: no limit that
    side). Replaced when the instructor changes it; every change is in the audit table."""

    __tablename__ = "quiz_window"
    __table_args__ = (
        UniqueConstraint("quiz_id", "cohort_id"),
        CheckConstraint("opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at",
                        name="window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    set_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttemptGrant(Model):
    """Extra attempts an instructor granted a student at a quiz (append-only: the allowance
    is the quiz's attempts_allowed plus every grant)."""

    __tablename__ = "attempt_grant"
    __table_args__ = (CheckConstraint("extra > 0", name="extra"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    extra: Mapped[int]
    granted_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
