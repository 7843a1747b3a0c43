"""Read model for the instructor's gradebook: students x lessons (and final exams), each cell
with the grade (the quiz's grading method over the student's attempts, in marks: the one
rule in services/grades), attempts, completion and last activity; sortable on the server.

A fixed number of queries whatever the number of students, lessons or attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ...extensions import db
from ...models import Attempt, Lesson, LessonProgress, Module, Quiz, User
from ..accounts.cohorts import Scope
from ..errors import BadInput
from ..grades import Grade, quiz_grades

FIXED_SORTS = ("student", "completed", "last")


@dataclass(frozen=True)
class Column:
    key: str          # "<module>:<quiz slug>", the sort key
    label: str        # short header, e.g. "L3" or "Final"
    title: str        # the lesson or exam title
    kind: str         # lesson | final
    quiz_id: int
    lesson_id: int | None
    grading: str = "highest"


@dataclass(frozen=True)
class Cell:
    attempts: int = 0
    grade_percent: int | None = None  # by the quiz's grading method
    passed: bool = False
    read: bool = False
    last: datetime | None = None
    kind: str = "lesson"
    grade: Grade | None = None

    @property
    def complete(self) -> bool:
        """A lesson is complete when read and its quiz passed; an exam when passed."""
        return self.passed and (self.read or self.kind == "final")


@dataclass(frozen=True)
class GradebookRow:
    user_id: int
    username: str
    cells: tuple[Cell, ...]
    last_activity: datetime | None

    @property
    def completed(self) -> int:
        return sum(1 for c in self.cells if c.kind == "lesson" and c.complete)


@dataclass(frozen=True)
class Gradebook:
    columns: tuple[Column, ...]
    rows: tuple[GradebookRow, ...]
    sort: str
    direction: str

    @property
    def lesson_count(self) -> int:
        return sum(1 for c in self.columns if c.kind == "lesson")


def columns() -> tuple[Column, ...]:
    """Every live lesson quiz and final exam, in course order."""
    rows = db.session.execute(
        select(Quiz, Lesson.title, Lesson.position)
        .join(Module, Module.id == Quiz.module_id)
        .outerjoin(Lesson, Lesson.id == Quiz.lesson_id)
        .where(~Quiz.retired, ~Module.retired)
        .order_by(Module.position, Quiz.kind.desc(), Quiz.position)).all()
    out: list[Column] = []
    for quiz, lesson_title, lesson_pos in rows:
        if quiz.kind == "lesson":
            label, title = f"L{(lesson_pos or 0) + 1}", lesson_title or quiz.title
        else:
            label, title = "Final", quiz.title
        out.append(Column(f"{quiz.module_id}:{quiz.slug}", label, title, quiz.kind, quiz.id,
                          quiz.lesson_id, quiz.grading))
    return tuple(out)


def rows(scope: Scope, cols: tuple[Column, ...], student_id: int | None = None
         ) -> list[GradebookRow]:
    """One row per student in scope (or just `student_id`), cells in `cols` order."""
    ids = scope.student_ids()
    user_filter = [User.id.in_(ids)] + ([User.id == student_id] if student_id else [])
    students = db.session.execute(select(User.id, User.username).where(
        User.role == "student", *user_filter).order_by(User.username)).all()
    # Practice sets (retake what I missed, spaced review) never count towards grades.
    attempt_filter = [Attempt.user_id.in_(ids), Attempt.counts_toward_grade] + (
        [Attempt.user_id == student_id] if student_id else [])
    last: dict[tuple[int, int | None], datetime] = {}
    for uid, quiz_id, started, submitted in db.session.execute(
            select(Attempt.user_id, Attempt.quiz_id, Attempt.started_at, Attempt.submitted_at)
            .where(*attempt_filter)):
        when = submitted or started
        last[(uid, quiz_id)] = max(last[(uid, quiz_id)], when) if (uid, quiz_id) in last \
            else when
    in_scope = select(User.id).where(User.id.in_(ids), *(
        [User.id == student_id] if student_id else []))
    quizzes = list(db.session.scalars(select(Quiz).where(Quiz.id.in_(
        [c.quiz_id for c in cols])))) if cols else []
    grades = quiz_grades(in_scope, quizzes)
    progress_filter = [LessonProgress.user_id.in_(ids)] + (
        [LessonProgress.user_id == student_id] if student_id else [])
    reads: dict[tuple[int, int | None], datetime] = {
        (uid, lid): last for uid, lid, last in db.session.execute(
        select(LessonProgress.user_id, LessonProgress.lesson_id, LessonProgress.last_read_at)
        .where(*progress_filter))}
    out = []
    for uid, username in students:
        cells = tuple(_cell(col, grades.get((uid, col.quiz_id)), last.get((uid, col.quiz_id)),
                            reads.get((uid, col.lesson_id))) for col in cols)
        times = [c.last for c in cells if c.last]
        out.append(GradebookRow(uid, username, cells, max(times) if times else None))
    return out


def _cell(col: Column, grade: Grade | None, last: datetime | None,
          read_at: datetime | None) -> Cell:
    if read_at and (last is None or read_at > last):
        last = read_at
    if grade is None:
        return Cell(0, None, False, read_at is not None, last, col.kind)
    return Cell(grade.attempts, grade.percent, grade.passed, read_at is not None, last,
                col.kind, grade)


def gradebook(scope: Scope, sort: str = "student", direction: str = "asc") -> Gradebook:
    """The students in scope against every lesson, sorted by `sort` (student, completed, last,
    or a column key) in `direction` (asc or desc). BadInput for anything else."""
    cols = columns()
    keys = {c.key: i for i, c in enumerate(cols)}
    if sort not in FIXED_SORTS and sort not in keys:
        raise BadInput(f"Cannot sort by '{sort[:60]}': use student, completed, last or a "
                       "lesson column.")
    if direction not in ("asc", "desc"):
        raise BadInput("The sort direction must be asc or desc.")
    table = rows(scope, cols)
    table.sort(key=lambda r: r.username)
    if sort != "student":
        def value(r: GradebookRow) -> Any:  # a count, a time or a percent: one kind a sort
            if sort == "completed":
                return r.completed
            if sort == "last":
                return r.last_activity
            return r.cells[keys[sort]].grade_percent
        present = [r for r in table if value(r) is not None]
        missing = [r for r in table if value(r) is None]
        present.sort(key=value, reverse=direction == "desc")
        table = present + missing  # no score or no activity always sorts last
    elif direction == "desc":
        table.reverse()
    return Gradebook(cols, tuple(table), sort, direction)
