"""What an LMS link can open: a lesson or a quiz (a lesson quiz or a final exam), named by a
stable target string "lesson:<module>/<slug>" or "quiz:<module>/<slug>" that survives
re-imports, and the catalogue an instructor picks from when deep linking."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import Lesson, Module, Quiz
from . import grades

KINDS = ("lesson", "quiz")


@dataclass(frozen=True)
class Target:
    """A resolved target: what a link opens."""

    kind: str  # lesson or quiz
    module_id: str
    slug: str
    title: str
    lesson_id: int | None = None
    quiz_id: int | None = None
    final: bool = False

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.module_id}/{self.slug}"


@dataclass(frozen=True)
class ModuleChoices:
    """A module's lessons and quizzes, in course order, as the deep linking page lists them."""

    module_id: str
    title: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Choice:
    target: str
    kind: str  # lesson, quiz or final
    title: str
    score_maximum: float | None  # the quiz's marks; None for a lesson (no grade)


def resolve(code: str) -> Target | None:
    """The lesson or quiz a target string names (None if it names nothing current)."""
    kind, _, rest = (code or "").partition(":")
    module_id, _, slug = rest.partition("/")
    if kind not in KINDS or not module_id or not slug or len(code) > 200:
        return None
    if kind == "lesson":
        lesson = db.session.scalar(select(Lesson).where(
            Lesson.module_id == module_id, Lesson.slug == slug, ~Lesson.retired))
        return None if lesson is None else Target(
            "lesson", module_id, slug, lesson.title, lesson_id=lesson.id)
    quiz = db.session.scalar(select(Quiz).where(
        Quiz.module_id == module_id, Quiz.slug == slug, ~Quiz.retired))
    return None if quiz is None else Target("quiz", module_id, slug, quiz.title,
                                            quiz_id=quiz.id, final=quiz.kind == "final")


def catalogue() -> list[ModuleChoices]:
    """Every module's lessons (each followed by its quiz) and final exams, in course order."""
    modules = db.session.scalars(select(Module).where(~Module.retired)
                                 .order_by(Module.position, Module.id)).all()
    lessons = db.session.scalars(select(Lesson).where(~Lesson.retired)
                                 .order_by(Lesson.position, Lesson.id)).all()
    quizzes = db.session.scalars(select(Quiz).where(~Quiz.retired)
                                 .order_by(Quiz.position, Quiz.id)).all()
    maxima = grades.score_maxima([q.id for q in quizzes])
    out = []
    for module in modules:
        choices: list[Choice] = []
        for lesson in (x for x in lessons if x.module_id == module.id):
            choices.append(Choice(f"lesson:{module.id}/{lesson.slug}", "lesson", lesson.title,
                                  None))
            choices.extend(_quiz_choice(q, maxima) for q in quizzes
                           if q.lesson_id == lesson.id and q.kind == "lesson")
        placed = {c.target for c in choices}
        choices.extend(_quiz_choice(q, maxima) for q in quizzes if q.module_id == module.id
                       and f"quiz:{module.id}/{q.slug}" not in placed)
        out.append(ModuleChoices(module.id, module.title, tuple(choices)))
    return out


def _quiz_choice(quiz: Quiz, maxima: dict[int, float]) -> Choice:
    return Choice(f"quiz:{quiz.module_id}/{quiz.slug}",
                  "final" if quiz.kind == "final" else "quiz", quiz.title,
                  maxima.get(quiz.id, grades.PERCENT))
