"""The imported course: modules, lessons, quizzes, and questions with immutable versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
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
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str] = mapped_column(String(500), default="")
    retired: Mapped[bool] = mapped_column(default=False)


class Quiz(Model):
    __tablename__ = "quiz"
    __table_args__ = (
        UniqueConstraint("module_id", "slug"),
        CheckConstraint("kind IN ('lesson', 'final')", name="kind"),
        CheckConstraint("pass_mark BETWEEN 0 AND 100", name="pass_mark"),
        CheckConstraint("kind = 'lesson' OR draw_per_lesson > 0", name="final_draws"),
        CheckConstraint("mode IN ('test', 'practice')", name="mode"),
        CheckConstraint("time_limit_minutes IS NULL OR time_limit_minutes > 0", name="time_limit"),
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
    position: Mapped[int] = mapped_column(default=0)
    source_file: Mapped[str] = mapped_column(String(500), default="")
    source_line: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    module: Mapped[Module] = relationship(lazy="raise")
    lesson: Mapped[Lesson | None] = relationship(lazy="raise")

    def passes(self, earned: int, possible: int) -> bool:
        """The pass mark, the one definition: at least `pass_mark` percent of the points
        possible (in whole-number arithmetic, so 7 of 10 meets 70 exactly)."""
        return possible > 0 and earned * 100 >= self.pass_mark * possible


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
