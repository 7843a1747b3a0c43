"""The imported course: modules, lessons, quizzes, and questions with immutable versions."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, cast
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .types import UTCDateTime, utcnow


class Module(Model):
    __tablename__ = "module"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(default="")
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)


class Lesson(Model):
    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(ForeignKey("module.id"))
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    # Render-ready content (sanitised HTML per section, objectives, key terms, figures).
    # Deferred: tens of kilobytes of JSON that only the lesson page, passage links and exports
    # read (they undefer it); the quiz, attempt and result pages need a lesson's title.
    content: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str] = mapped_column(String(500), default="")
    retired: Mapped[bool] = mapped_column(default=False)


def meets_pass_mark(pass_mark: int, earned: Fraction | int, possible: Fraction | int) -> bool:
    """At least `pass_mark` percent of `possible` (Quiz.passes; grades use it for a ratio)."""
    return possible > 0 and earned * 100 >= pass_mark * possible


class Quiz(Model):
    __tablename__ = "quiz"
    __table_args__ = (
        UniqueConstraint("module_id", "slug"),
        CheckConstraint("kind IN ('lesson', 'final')", name="kind"),
        CheckConstraint("pass_mark BETWEEN 0 AND 100", name="pass_mark"),
        # A final exam draws by a blueprint from its own pool, or (older) N per lesson quiz.
        CheckConstraint("kind = 'lesson' OR draw_per_lesson > 0 OR blueprint IS NOT NULL",
                        name="final_draws"),
        CheckConstraint("mode IN ('test', 'practice')", name="mode"),
        CheckConstraint("time_limit_minutes IS NULL OR time_limit_minutes > 0", name="time_limit"),
        CheckConstraint("attempts_allowed IS NULL OR attempts_allowed > 0",
                        name="attempts_allowed"),
        CheckConstraint("grading IN ('highest', 'last', 'first', 'average')", name="grading"),
        CheckConstraint("review IN ('immediately', 'after_close', 'never')", name="review"),
        CheckConstraint("review_shows IN ('score', 'responses', 'key')", name="review_shows"),
        CheckConstraint("opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at",
                        name="window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(ForeignKey("module.id"))
    slug: Mapped[str] = mapped_column(String(64))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id"))
    kind: Mapped[str] = mapped_column(String(16), default="lesson")
    title: Mapped[str] = mapped_column(String(200))
    pass_mark: Mapped[int] = mapped_column(default=70)
    draw_per_lesson: Mapped[int | None]
    # The default attempt mode: test (feedback after submit) or practice (after each question).
    mode: Mapped[str] = mapped_column(String(16), default="test", server_default="test")
    # None: untimed. Otherwise minutes before the server submits an attempt (x extra time).
    time_limit_minutes: Mapped[int | None]
    # --- quiz settings (issue 13); per-cohort windows live in quiz_window ---
    attempts_allowed: Mapped[int | None]  # None: unlimited (plus any grants per student)
    grading: Mapped[str] = mapped_column(String(16), default="highest", server_default="highest")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review: Mapped[str] = mapped_column(String(16), default="immediately",
                                        server_default="immediately")
    review_shows: Mapped[str] = mapped_column(String(16), default="key", server_default="key")
    # A final exam with its own pool: content.settings.Blueprint.to_json(); its questions
    # (question.quiz_id) are the pool.
    blueprint: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    position: Mapped[int] = mapped_column(default=0)
    source_file: Mapped[str] = mapped_column(String(500), default="")
    source_line: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    module: Mapped[Module] = relationship(lazy="raise")
    lesson: Mapped[Lesson | None] = relationship(lazy="raise")

    def passes(self, earned: Fraction | int, possible: Fraction | int) -> bool:
        """The pass mark, the one definition: at least `pass_mark` percent of the marks
        possible (exact arithmetic on fractions, so 7 of 10 meets 70 exactly)."""
        return meets_pass_mark(self.pass_mark, earned, possible)


class Question(Model):
    """A stable question id. What it says lives in its versions; `current_version_id` is what
    new attempts get. A retired question is kept for the attempts that used it."""

    __tablename__ = "question"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    position: Mapped[int] = mapped_column(default=0)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id", use_alter=True))
    source_file: Mapped[str] = mapped_column(String(500), default="")
    source_line: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    current_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], lazy="raise")


class QuestionVersion(Model):
    """An immutable snapshot of a question as it was imported. Never updated, never deleted."""

    __tablename__ = "question_version"
    __table_args__ = (
        UniqueConstraint("question_id", "number"),
        UniqueConstraint("question_id", "content_hash"),
        CheckConstraint("max_score > 0", name="max_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    max_score: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# A version's snapshot as its stored JSON text, not decoded: what the exam's hot paths select,
# for content.model.Question.from_snapshot_text (decoding 22-75 snapshots a request was a
# large part of starting, viewing and submitting an attempt).
SNAPSHOT_TEXT = cast(QuestionVersion.snapshot, Text).label("snapshot_text")
