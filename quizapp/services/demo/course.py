"""The course as the simulation walks it: each module's lessons in order with their quizzes,
its final exam, and every live item's IRT parameters. Read once, before the students start."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Lesson, Module, Question, QuestionVersion, Quiz
from .model import Item, item_model, pick_misfits


@dataclass(frozen=True)
class Step:
    """A lesson to read and its quiz (either may be missing)."""

    module_id: str
    lesson_id: int | None
    quiz_id: int | None


@dataclass
class Course:
    steps: list[Step]
    finals: dict[str, int]  # module id -> its final exam's quiz id
    items: dict[str, Item] = field(default_factory=dict)  # question id -> IRT parameters
    misfits: set[str] = field(default_factory=set)

    def item(self, question: QuestionContent) -> Item:
        """The item's parameters (a question imported since the course was read: average)."""
        return self.items.get(question.id) or Item(1.2, 0.0, 0.0)

    def lessons_of(self, module_id: str) -> int:
        return sum(1 for s in self.steps if s.module_id == module_id)


def read_course(seed: int) -> Course:
    """The live course, in order: per module, its lessons (each with its lesson quiz) then
    lesson quizzes without a lesson; final exams apart."""
    modules = db.session.scalars(select(Module.id).where(~Module.retired)
                                 .order_by(Module.position, Module.id)).all()
    quizzes = db.session.scalars(select(Quiz).where(~Quiz.retired)
                                 .order_by(Quiz.position, Quiz.id)).all()
    lessons = db.session.execute(select(Lesson.id, Lesson.module_id).where(~Lesson.retired)
                                 .order_by(Lesson.position, Lesson.id)).all()
    course = Course([], {})
    for module_id in modules:
        by_lesson = {q.lesson_id: q.id for q in quizzes
                     if q.module_id == module_id and q.kind == "lesson"}
        course.steps += [Step(module_id, lid, by_lesson.pop(lid, None))
                         for lid, mid in lessons if mid == module_id]
        course.steps += [Step(module_id, None, qid) for qid in by_lesson.values()]
        final = next((q.id for q in quizzes if q.module_id == module_id and q.kind == "final"),
                     None)
        if final is not None:
            course.finals[module_id] = final
    _read_items(course, seed)
    return course


def _read_items(course: Course, seed: int) -> None:
    rows = db.session.execute(
        select(Question.quiz_id, QuestionVersion.snapshot)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(~Question.retired).order_by(Question.position, Question.id)).all()
    by_quiz: dict[int, list[QuestionContent]] = {}
    for quiz_id, snapshot in rows:
        by_quiz.setdefault(quiz_id, []).append(QuestionContent.from_snapshot(snapshot))
    lesson_quizzes = [by_quiz.get(s.quiz_id, []) for s in course.steps if s.quiz_id]
    course.misfits = pick_misfits(lesson_quizzes, seed)
    course.items = {q.id: item_model(q, seed, q.id in course.misfits)
                    for questions in by_quiz.values() for q in questions}
