"""Attempts at a quiz, the questions each one drew, and the student's responses."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
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
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .catalog import Quiz
from .types import UTCDateTime, utcnow


class Attempt(Model):
    __tablename__ = "attempt"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'submitted')", name="status"),
        CheckConstraint("(status = 'submitted') = (submitted_at IS NOT NULL)", name="submitted"),
        CheckConstraint("earned IS NULL OR (earned >= 0 AND earned <= possible)", name="score"),
        CheckConstraint("sequence >= 0", name="sequence"),
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
    # When the quiz closes for this student (the quiz's close, or their cohort's override);
    # kept up to date when an instructor moves it. The attempt ends at the earlier of the two.
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # True when the server submitted it because time ran out (with the answers saved by then).
    auto_submitted: Mapped[bool] = mapped_column(default=False, server_default=false())
    earned: Mapped[int | None]
    possible: Mapped[int]
    passed: Mapped[bool | None]

    quiz: Mapped[Quiz | None] = relationship(lazy="raise")

    @hybrid_property
    def counts_toward_grade(self) -> bool:
        """What counts toward a grade, the one definition: quiz attempts do (best and last
        scores, pass state, gradebook, exports, statistics); practice sets (missed, review)
        never do. `Attempt.counts_toward_grade` is the same rule in a query."""
        return self.purpose == "quiz"

    def set_total(self, earned: int, possible: int, quiz: Quiz | None,
                  marks: tuple[Fraction, Fraction] | None = None) -> None:
        """Record the attempt's points and, for an attempt that counts toward a grade, whether
        it reached the quiz's pass mark on its `marks` (earned, possible), or on its points
        when no marks are given (practice sets have no pass mark: None)."""
        self.earned, self.possible = earned, possible
        judged = marks if marks is not None else (earned, possible)
        self.passed = (quiz.passes(*judged)
                       if quiz is not None and self.counts_toward_grade else None)


class AttemptItem(Model):
    """A question as drawn into an attempt: its position and the exact version shown."""

    __tablename__ = "attempt_item"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        UniqueConstraint("attempt_id", "position"),
        CheckConstraint("mark_hundredths > 0", name="mark"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    # What the item is worth in this attempt, in hundredths of a mark (the version's `mark`
    # when drawn). Items drawn before marks existed hold their points possible, so those
    # attempts keep exactly the score they had. Marks earned are computed, never stored.
    mark_hundredths: Mapped[int]

    version: Mapped[Any] = relationship("QuestionVersion", lazy="raise")


class Response(Model):
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
               "refused_invalid", "advanced", "refused_closed")


class AttemptStage(Model):
    """A stage of an unfolding case that the attempt has reached (append-only). The case's
    current stage is the highest reached; without a row it is the first. In a locked case
    every earlier stage is closed: its answers can no longer change."""

    __tablename__ = "attempt_stage"
    __table_args__ = (
        UniqueConstraint("attempt_id", "case_id", "stage"),
        CheckConstraint("stage > 0", name="stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    case_id: Mapped[str] = mapped_column(String(64))
    stage: Mapped[int]  # index into the case's stages; 0 is reached at start (no row)
    reached_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttemptEvent(Model):
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
