"""Attempts at a quiz, the questions each one drew, and the student's responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .catalog import Quiz
from .types import UTCDateTime, utcnow


class Attempt(db.Model):
    __tablename__ = "attempt"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'submitted')", name="status"),
        CheckConstraint("(status = 'submitted') = (submitted_at IS NOT NULL)", name="submitted"),
        CheckConstraint("earned IS NULL OR (earned >= 0 AND earned <= possible)", name="score"),
        CheckConstraint("sequence >= 0", name="sequence"),
        # --- modes and purposes (issue 9) ---
        CheckConstraint("mode IN ('test', 'practice')", name="mode"),
        CheckConstraint("purpose IN ('quiz', 'missed', 'review')", name="purpose"),
        # A graded quiz attempt belongs to its quiz; a module-wide practice set (what I missed
        # across the module, the day's review) belongs to the module instead.
        CheckConstraint("(quiz_id IS NULL) <> (module_id IS NULL) "
                        "AND (purpose <> 'quiz' OR quiz_id IS NOT NULL)", name="scope"),
        # At most one open attempt per student, quiz (or module) and purpose.
        Index("uq_attempt_open_per_user_quiz", "user_id", "quiz_id", "purpose", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
        Index("uq_attempt_open_per_user_module", "user_id", "module_id", "purpose", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    quiz_id: Mapped[int | None] = mapped_column(ForeignKey("quiz.id"), index=True)
    module_id: Mapped[str | None] = mapped_column(ForeignKey("module.id"))
    # test: feedback after submit; practice: feedback after each question.
    mode: Mapped[str] = mapped_column(String(16), default="test", server_default="test")
    # quiz: counts towards the quiz's scores; missed / review: practice sets that never do.
    purpose: Mapped[str] = mapped_column(String(16), default="quiz", server_default="quiz")
    status: Mapped[str] = mapped_column(String(16), default="open")
    # Seeds the per-attempt question and option order, so the same attempt always looks the same.
    seed: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Moodle's sequence check: +1 on every accepted save; a save that carries an older number
    # was made on an out-of-date page (another tab, the back button) and is refused.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set at start for a timed quiz: started_at + limit x the student's extra-time multiplier.
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # True when the server submitted it because time ran out (with the answers saved by then).
    auto_submitted: Mapped[bool] = mapped_column(default=False, server_default=false())
    earned: Mapped[int | None]
    possible: Mapped[int]
    passed: Mapped[bool | None]

    quiz: Mapped[Quiz | None] = relationship(lazy="raise")


class AttemptItem(db.Model):
    """A question as drawn into an attempt: its position and the exact version shown."""

    __tablename__ = "attempt_item"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        UniqueConstraint("attempt_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))

    version: Mapped[Any] = relationship("QuestionVersion", lazy="raise")


class Response(db.Model):
    """What a student answered to one question of one attempt (at most one row each)."""

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        CheckConstraint("earned IS NULL OR (earned >= 0 AND earned <= possible)", name="score"),
        CheckConstraint("confidence IS NULL OR confidence IN ('low', 'medium', 'high')",
                        name="confidence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    answer: Mapped[Any] = mapped_column(JSON)
    earned: Mapped[int | None]
    possible: Mapped[int]
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # How sure the student said they were (optional): low, medium or high.
    confidence: Mapped[str | None] = mapped_column(String(8))


EVENT_KINDS = ("started", "saved", "submitted", "auto_submitted", "refused_stale", "refused_late",
               "refused_invalid")


class AttemptEvent(db.Model):
    """An audit record of what happened to an attempt, written in the same transaction as the
    change it records (or, for a refusal, as the only write of its transaction). Append-only."""

    __tablename__ = "attempt_event"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in EVENT_KINDS) + ")",
                        name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
