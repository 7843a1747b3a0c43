"""Read models for the instructor's quiz settings pages: every quiz with its settings (from
the YAML), and one quiz with the windows of the instructor's cohorts (set in the browser)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import Module, Quiz
from ..errors import NotFound
from ..policy.window_admin import CohortWindow, cohort_windows
from ..policy.windows import Window, quiz_window


@dataclass(frozen=True)
class QuizSettingsRow:
    quiz_id: int
    module_title: str
    title: str
    kind: str
    pool: bool  # a final exam drawn by a blueprint from its own pool
    attempts_allowed: int | None
    grading: str
    window: Window
    review: str
    review_shows: str
    time_limit_minutes: int | None
    source: str  # file:line of the quiz in the YAML


@dataclass(frozen=True)
class QuizSettingsPage:
    quiz: QuizSettingsRow
    cohorts: tuple[CohortWindow, ...]


def _row(quiz: Quiz, module_title: str) -> QuizSettingsRow:
    return QuizSettingsRow(quiz.id, module_title, quiz.title, quiz.kind,
                           quiz.blueprint is not None, quiz.attempts_allowed, quiz.grading,
                           quiz_window(quiz), quiz.review, quiz.review_shows,
                           quiz.time_limit_minutes, f"{quiz.source_file}:{quiz.source_line}")


def quiz_settings_list() -> tuple[QuizSettingsRow, ...]:
    """Every live quiz in course order with its settings (one query)."""
    rows = db.session.execute(
        select(Quiz, Module.title).join(Module, Module.id == Quiz.module_id)
        .where(~Quiz.retired, ~Module.retired)
        .order_by(Module.position, Quiz.kind.desc(), Quiz.position)).all()
    return tuple(_row(quiz, title) for quiz, title in rows)


def quiz_settings_page(instructor_id: int, quiz_id: int) -> QuizSettingsPage:
    """One quiz's settings and each of the instructor's cohorts' windows for it."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.retired:
        raise NotFound("There is no such quiz.")
    module = db.session.get(Module, quiz.module_id)
    return QuizSettingsPage(_row(quiz, module.title if module else ""),
                            tuple(cohort_windows(instructor_id, quiz)))
