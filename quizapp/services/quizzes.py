"""Read models for quiz pages: the quiz's front page, an open attempt, and a graded result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..content.model import Question as QuestionContent
from ..extensions import db
from ..models import Attempt, Lesson, Module, Question, Quiz, Response, User
from ..models.types import utcnow
from ..rendering import inline_markdown_to_html, markdown_to_html
from . import clock
from .attempts import answers_of, attempt_questions, option_order, owned_attempt
from .errors import NotFound
from .learning import percent


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    number: int
    status: str
    earned: int | None
    possible: int
    percent: int
    passed: bool | None
    submitted_at: str | None


@dataclass(frozen=True)
class QuizIntro:
    module_id: str
    module_title: str
    quiz_id: int
    slug: str
    title: str
    kind: str
    pass_mark: int
    question_count: int
    lesson_slug: str | None
    lesson_title: str | None
    attempts: tuple[AttemptSummary, ...]
    open_attempt_id: int | None
    time_limit_minutes: int | None = None
    extra_time: float = 1.0

    @property
    def your_minutes(self) -> int | None:
        """The student's own limit: the quiz's times their extra-time multiplier."""
        if self.time_limit_minutes is None:
            return None
        return round(self.time_limit_minutes * self.extra_time)


def find_quiz(module_id: str, slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.module_id == module_id, Quiz.slug == slug,
                                                ~Quiz.retired))
    if quiz is None:
        raise NotFound("There is no such quiz in this module.")
    return quiz


def quiz_intro(user_id: int, module_id: str, slug: str) -> QuizIntro:
    """The quiz's front page: what it covers and the student's attempts so far."""
    quiz = find_quiz(module_id, slug)
    module = db.session.get(Module, module_id)
    lesson = db.session.get(Lesson, quiz.lesson_id) if quiz.lesson_id else None
    if quiz.kind == "lesson":
        count = len(db.session.scalars(select(Question.id).where(
            Question.quiz_id == quiz.id, ~Question.retired)).all())
    else:
        lessons = db.session.scalars(select(Quiz.id).where(
            Quiz.module_id == module_id, Quiz.kind == "lesson", ~Quiz.retired)).all()
        count = len(lessons) * (quiz.draw_per_lesson or 0)
    rows = db.session.scalars(select(Attempt).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz.id).order_by(Attempt.id)).all()
    attempts = tuple(_summary(a, i + 1) for i, a in enumerate(rows))
    extra_time = db.session.scalar(select(User.extra_time).where(User.id == user_id)) or 1.0
    return QuizIntro(
        module_id=module_id, module_title=module.title, quiz_id=quiz.id, slug=quiz.slug,
        title=quiz.title, kind=quiz.kind, pass_mark=quiz.pass_mark, question_count=count,
        lesson_slug=lesson.slug if lesson else None, lesson_title=lesson.title if lesson else None,
        attempts=attempts,
        open_attempt_id=next((a.id for a in attempts if a.status == "open"), None),
        time_limit_minutes=quiz.time_limit_minutes, extra_time=extra_time)


def _summary(a: Attempt, number: int) -> AttemptSummary:
    return AttemptSummary(
        id=a.id, number=number, status=a.status, earned=a.earned, possible=a.possible,
        percent=percent(a.earned, a.possible), passed=a.passed,
        submitted_at=a.submitted_at.strftime("%Y-%m-%d %H:%M UTC") if a.submitted_at else None)


@dataclass(frozen=True)
class OptionView:
    id: str
    html: str
    chosen: bool
    correct: bool = False
    rationale_html: str = ""


@dataclass(frozen=True)
class ItemView:
    question_id: str
    number: int
    type: str
    stem_html: str
    multiple: bool
    options: tuple[OptionView, ...]
    answered: bool
    earned: int | None = None
    possible: int | None = None
    source: str | None = None
    general_feedback_html: str = ""

    @property
    def outcome(self) -> str:
        if self.earned is None or self.possible is None:
            return ""
        if self.earned == self.possible:
            return "correct"
        return "partly correct" if self.earned else "incorrect"


@dataclass(frozen=True)
class AttemptPage:
    attempt_id: int
    quiz_title: str
    quiz_slug: str
    module_id: str
    status: str
    items: tuple[ItemView, ...]
    earned: int | None
    possible: int
    pass_mark: int
    passed: bool | None
    lesson_slug: str | None
    lesson_title: str | None
    sequence: int = 0
    deadline: datetime | None = None
    remaining_seconds: int | None = None
    auto_submitted: bool = False

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def percent(self) -> int:
        return percent(self.earned, self.possible)


def attempt_page(user_id: int, attempt_id: int, *, reveal: bool) -> AttemptPage:
    """An attempt as the student sees it. `reveal` adds the key, rationales and scores; it is
    refused (NotFound) for an open attempt so nothing leaks before submission."""
    attempt = owned_attempt(user_id, attempt_id)
    if reveal and attempt.status != "submitted":
        raise NotFound("This attempt has not been submitted yet.")
    quiz = db.session.get(Quiz, attempt.quiz_id)
    lesson = db.session.get(Lesson, quiz.lesson_id) if quiz.lesson_id else None
    answers = answers_of(attempt.id)
    scores = _scores(attempt.id) if reveal else {}
    items = tuple(_item(i + 1, attempt.seed, q, answers.get(q.id), reveal, scores.get(q.id))
                  for i, (_, q) in enumerate(attempt_questions(attempt.id)))
    return AttemptPage(
        attempt_id=attempt.id, quiz_title=quiz.title, quiz_slug=quiz.slug,
        module_id=quiz.module_id, status=attempt.status, items=items, earned=attempt.earned,
        possible=attempt.possible, pass_mark=quiz.pass_mark, passed=attempt.passed,
        lesson_slug=lesson.slug if lesson else None, lesson_title=lesson.title if lesson else None,
        sequence=attempt.sequence, deadline=attempt.deadline,
        remaining_seconds=clock.remaining_seconds(attempt.deadline, utcnow()),
        auto_submitted=attempt.auto_submitted)


def _scores(attempt_id: int) -> dict[str, tuple[int | None, int]]:
    return {r.question_id: (r.earned, r.possible) for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt_id))}


def _item(number: int, seed: int, q: QuestionContent, answer: list[str] | None, reveal: bool,
          score: tuple[int | None, int] | None) -> ItemView:
    chosen = set(answer or [])
    options = []
    for oid in option_order(seed, q):
        option = q.option(oid)
        options.append(OptionView(
            id=oid, html=inline_markdown_to_html(option.text), chosen=oid in chosen,
            correct=reveal and oid in q.key,
            rationale_html=inline_markdown_to_html(option.rationale) if reveal else ""))
    return ItemView(
        question_id=q.id, number=number, type=q.type, stem_html=markdown_to_html(q.stem),
        multiple=q.type == "select_all", options=tuple(options), answered=bool(chosen),
        earned=score[0] if score else None, possible=score[1] if score else None,
        source=q.source if reveal else None,
        general_feedback_html=markdown_to_html(q.general_feedback)
        if reveal and q.general_feedback else "")
