"""Read model for the instructor's page about one student: their gradebook row, every attempt
with every response (the question as that student saw it), and results by tag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, AttemptItem, QuestionVersion, Quiz, Response
from ...rendering import inline_markdown_to_html, markdown_to_html
from ...scoring.marks import NO_MARKS, Marks, item_marks, mark_value
from ..accounts import cohorts
from ..accounts.cohorts import Scope
from ..grades import attempt_marks
from ..policy import allowance
from ..questions.order import ordered_options
from ..questions.views import OptionView
from . import gradebook
from .tag_results import TagResults, tag_results


@dataclass(frozen=True)
class ResponseView:
    number: int
    question_id: str
    version: int
    stem_html: str
    options: tuple[OptionView, ...]  # in the order this attempt showed them
    answer: tuple[str, ...]
    earned: int | None
    possible: int
    mark: Fraction = Fraction(1)  # what the item is worth in this attempt
    marks: Fraction | None = None  # marks earned (None while ungraded)

    @property
    def outcome(self) -> str:
        if self.earned is None:
            return "not graded"
        if self.earned == self.possible:
            return "correct"
        return "partly correct" if self.earned else "incorrect"


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    quiz_title: str
    number: int  # 1 for the student's first attempt at this quiz
    status: str
    started_at: datetime
    submitted_at: datetime | None
    earned: int | None
    possible: int
    passed: bool | None
    responses: tuple[ResponseView, ...]
    marks: Marks = NO_MARKS

    @property
    def percent(self) -> int:
        return self.marks.percent()


@dataclass(frozen=True)
class Allowance:
    """A quiz that limits attempts: what the student may start, has started, was granted."""

    quiz_id: int
    title: str
    allowed: int  # the quiz's attempts_allowed plus every grant
    granted: int
    used: int

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.used)


@dataclass(frozen=True)
class StudentReport:
    user_id: int
    username: str
    cohorts: tuple[str, ...]
    columns: tuple[gradebook.Column, ...]
    row: gradebook.GradebookRow
    attempts: tuple[AttemptRecord, ...]
    tags: TagResults
    allowances: tuple[Allowance, ...] = ()


def student_report(scope: Scope, student_id: int) -> StudentReport:
    """Everything about one student in scope; NotFound if they are not."""
    user = cohorts.require_in_scope(scope, student_id)
    cols = gradebook.columns()
    row = gradebook.rows(scope, cols, student_id=user.id)[0]
    attempts = db.session.execute(
        select(Attempt, Quiz.title).join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user.id, Attempt.counts_toward_grade)
        .order_by(Attempt.id)).all()
    responses = _responses([a.id for a, _ in attempts if a.status == "submitted"],
                           {a.id: a.seed for a, _ in attempts})
    marks = attempt_marks(a.id for a, _ in attempts)
    numbers: dict[int | None, int] = {}
    records = []
    for attempt, title in attempts:
        numbers[attempt.quiz_id] = numbers.get(attempt.quiz_id, 0) + 1
        records.append(AttemptRecord(
            attempt.id, title, numbers[attempt.quiz_id], attempt.status, attempt.started_at,
            attempt.submitted_at, attempt.earned, attempt.possible, attempt.passed,
            tuple(responses.get(attempt.id, ())), marks.get(attempt.id, NO_MARKS)))
    records.reverse()  # newest first
    names = cohorts.cohort_names(scope, user.id).get(user.id, [])
    return StudentReport(user.id, user.username, tuple(names), cols, row,
                         tuple(records), tag_results(Scope(None), student_id=user.id),
                         _allowances(user.id))


def _allowances(user_id: int) -> tuple[Allowance, ...]:
    """Each live quiz that limits attempts, with the student's allowance (a few queries: one
    per limited quiz, of which a course has a handful)."""
    limited = db.session.scalars(select(Quiz).where(~Quiz.retired,
                                                    Quiz.attempts_allowed.is_not(None))
                                 .order_by(Quiz.module_id, Quiz.kind.desc(), Quiz.position))
    out = []
    for quiz in limited:
        granted = allowance.granted(user_id, quiz.id)
        out.append(Allowance(quiz.id, quiz.title, (quiz.attempts_allowed or 0) + granted,
                             granted, allowance.used(user_id, quiz.id)))
    return tuple(out)


def _responses(attempt_ids: list[int], seeds: dict[int, int]) -> dict[int, list[ResponseView]]:
    """Every item of the given attempts with its response, in one query."""
    out: dict[int, list[ResponseView]] = {}
    if not attempt_ids:
        return out
    rows = db.session.execute(
        select(AttemptItem.attempt_id, AttemptItem.position, QuestionVersion.number,
               QuestionVersion.snapshot, QuestionVersion.max_score, Response.answer,
               Response.earned, Response.possible, AttemptItem.mark_hundredths)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .outerjoin(Response, (Response.attempt_id == AttemptItem.attempt_id)
                   & (Response.question_id == AttemptItem.question_id))
        .where(AttemptItem.attempt_id.in_(attempt_ids))
        .order_by(AttemptItem.attempt_id, AttemptItem.position)).all()
    for (attempt_id, position, number, snapshot, max_score, answer, earned, possible,
         hundredths) in rows:
        q = QuestionContent.from_snapshot(snapshot)
        chosen = tuple(answer or ())
        options = tuple(OptionView(id=o.id, html=inline_markdown_to_html(o.text),
                                   chosen=o.id in chosen, correct=o.id in q.key)
                        for o in ordered_options(seeds[attempt_id], q))
        out.setdefault(attempt_id, []).append(ResponseView(
            position + 1, q.id, number, markdown_to_html(q.stem), options, chosen, earned,
            possible if possible is not None else max_score, mark_value(hundredths),
            item_marks(hundredths, earned, possible) if earned is not None else None))
    return out
