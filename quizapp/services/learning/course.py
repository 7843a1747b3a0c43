"""Read models for the learner pages: plain frozen dataclasses, built with a fixed number of
queries whatever the number of lessons, questions or attempts (templates never query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from ...extensions import db
from ...models import Attempt, Lesson, LessonProgress, Module, Quiz
from ...models.types import utcnow
from ...scoring.marks import Marks
from ..errors import NotFound
from ..grades import attempt_marks, grade_of
from ..policy.review import reviews_for


@dataclass(frozen=True)
class Link:
    label: str
    endpoint: str
    args: tuple[tuple[str, Any], ...]

    @property
    def kwargs(self) -> dict[str, Any]:
        return dict(self.args)


@dataclass(frozen=True)
class QuizRecord:
    """A student's record at one quiz, in marks; `shown` is False while the quiz's review
    options hold the score back (then only the number of attempts is known)."""

    attempts: int = 0
    best_percent: int | None = None
    last_percent: int | None = None
    passed: bool = False
    grade_percent: int | None = None  # by the quiz's grading method
    grading: str = "highest"
    shown: bool = True


@dataclass(frozen=True)
class LessonStatus:
    slug: str
    number: int
    title: str
    read: bool
    quiz_slug: str | None
    record: QuizRecord

    @property
    def state(self) -> str:
        if self.record.attempts and not self.record.shown:
            return "submitted"
        if self.record.attempts:
            return "passed" if self.record.passed else "failed"
        return "read" if self.read else "not-started"

    @property
    def label(self) -> str:
        return {"passed": "Quiz passed", "failed": "Quiz not yet passed", "read": "Read",
                "not-started": "Not started", "submitted": "Quiz submitted"}[self.state]

    @property
    def complete(self) -> bool:
        return self.read and self.record.passed


@dataclass(frozen=True)
class ModuleDashboard:
    id: str
    title: str
    description: str
    lessons: tuple[LessonStatus, ...]
    final_exam_slug: str | None
    final_exam_title: str | None
    final_record: QuizRecord
    next_step: Link | None

    @property
    def completed(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.complete)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / len(self.lessons)) if self.lessons else 0


def percent(earned: int | None, possible: int) -> int:
    return round(100 * (earned or 0) / possible) if possible else 0


def quiz_records(user_id: int, quizzes: list[Quiz] | None = None,
                 now: datetime | None = None) -> dict[int, QuizRecord]:
    """Attempts, best and last percentage (in marks), grade and pass state per quiz id for
    one student (quiz attempts only: "what I missed" and review sets never count), as far as
    each quiz's review options show the score now. `quizzes`: those to report (default:
    every quiz)."""
    if quizzes is None:
        quizzes = list(db.session.scalars(select(Quiz)))
    rows = db.session.execute(
        select(Attempt.id, Attempt.quiz_id)
        .where(Attempt.user_id == user_id, Attempt.status == "submitted",
               Attempt.counts_toward_grade)  # practice sets never count
        .order_by(Attempt.submitted_at, Attempt.id)).all()
    marks = attempt_marks(aid for aid, _ in rows)
    taken: dict[int, list[Marks]] = {}
    for aid, quiz_id in rows:
        if aid in marks and quiz_id is not None:
            taken.setdefault(quiz_id, []).append(marks[aid])
    reviews = reviews_for(user_id, [q for q in quizzes if q.id in taken], now or utcnow())
    records: dict[int, QuizRecord] = {}
    for quiz in quizzes:
        if quiz.id not in taken:
            continue
        done, shown = taken[quiz.id], reviews[quiz.id].score
        grade = grade_of(quiz, done)
        records[quiz.id] = QuizRecord(
            attempts=len(done), best_percent=max(m.percent() for m in done) if shown else None,
            last_percent=done[-1].percent() if shown else None,
            passed=grade.passed and shown, grade_percent=grade.percent if shown else None,
            grading=quiz.grading, shown=shown)
    return records


def dashboard(user_id: int) -> list[ModuleDashboard]:
    """Every module with the student's status per lesson, completion and the next step."""
    modules = db.session.scalars(select(Module).where(~Module.retired)
                                 .order_by(Module.position)).all()
    lessons = db.session.scalars(select(Lesson).where(~Lesson.retired)
                                 .order_by(Lesson.position)).all()
    quizzes = db.session.scalars(select(Quiz).where(~Quiz.retired)).all()
    read = set(db.session.scalars(select(LessonProgress.lesson_id)
                                  .where(LessonProgress.user_id == user_id)))
    records = quiz_records(user_id, list(quizzes))
    quiz_of_lesson = {q.lesson_id: q for q in quizzes if q.kind == "lesson"}
    finals = {q.module_id: q for q in quizzes if q.kind == "final"}
    out = []
    for module in modules:
        statuses: list[LessonStatus] = []
        for lesson in (ls for ls in lessons if ls.module_id == module.id):
            quiz = quiz_of_lesson.get(lesson.id)
            statuses.append(LessonStatus(
                slug=lesson.slug, number=len(statuses) + 1, title=lesson.title,
                read=lesson.id in read, quiz_slug=quiz.slug if quiz else None,
                record=records.get(quiz.id, QuizRecord()) if quiz else QuizRecord()))
        final = finals.get(module.id)
        out.append(ModuleDashboard(
            id=module.id, title=module.title, description=module.description,
            lessons=tuple(statuses), final_exam_slug=final.slug if final else None,
            final_exam_title=final.title if final else None,
            final_record=records.get(final.id, QuizRecord()) if final else QuizRecord(),
            next_step=_next_step(module.id, statuses, final, records)))
    return out


def _next_step(module_id: str, statuses: list[LessonStatus], final: Quiz | None,
               records: dict[int, QuizRecord]) -> Link | None:
    for s in statuses:
        if not s.read:
            return Link(f"Read lesson {s.number}: {s.title}", "learner.lesson",
                        (("module_id", module_id), ("slug", s.slug)))
        if s.quiz_slug and not s.record.passed:
            verb = "Retake" if s.record.attempts else "Take"
            return Link(f"{verb} the quiz for lesson {s.number}: {s.title}", "learner.quiz",
                        (("module_id", module_id), ("slug", s.quiz_slug)))
    if final and not records.get(final.id, QuizRecord()).passed:
        return Link(f"Take the {final.title}", "learner.quiz",
                    (("module_id", module_id), ("slug", final.slug)))
    return None


@dataclass(frozen=True)
class LessonPage:
    module_id: str
    module_title: str
    lesson_id: int
    slug: str
    number: int
    total: int
    title: str
    content: dict[str, Any]
    quiz_slug: str | None
    previous: tuple[str, str] | None
    next: tuple[str, str] | None


def lesson_page(module_id: str, slug: str) -> LessonPage:
    """A lesson with its neighbours and its quiz; NotFound for an unknown or retired one."""
    module = db.session.get(Module, module_id)
    if module is None or module.retired:
        raise NotFound("There is no such module.")
    siblings = db.session.execute(
        select(Lesson.id, Lesson.slug, Lesson.title).where(
            Lesson.module_id == module_id, ~Lesson.retired).order_by(Lesson.position)).all()
    index = next((i for i, row in enumerate(siblings) if row.slug == slug), None)
    if index is None:
        raise NotFound("There is no such lesson in this module.")
    lesson = db.session.get_one(Lesson, siblings[index].id, options=[undefer(Lesson.content)])
    quiz_slug = db.session.scalar(select(Quiz.slug).where(
        Quiz.lesson_id == lesson.id, ~Quiz.retired))

    def neighbour(i: int) -> tuple[str, str]:
        return siblings[i].slug, siblings[i].title

    return LessonPage(
        module_id=module.id, module_title=module.title, lesson_id=lesson.id, slug=lesson.slug,
        number=index + 1, total=len(siblings), title=lesson.title, content=lesson.content,
        quiz_slug=quiz_slug, previous=neighbour(index - 1) if index > 0 else None,
        next=neighbour(index + 1) if index + 1 < len(siblings) else None)
