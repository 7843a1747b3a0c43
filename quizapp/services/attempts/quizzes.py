"""Read models for quiz pages: the quiz's front page, an open attempt, and a graded result.

The per-question views (ItemView, OptionView, PartView) live in services/questions/views.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, Lesson, Module, Question, Quiz, Response, User
from ...models.types import utcnow
from ..errors import NotFound
from ..learning.course import percent
from ..learning.passages import Passage, passages
from ..questions.build import item_view
from ..questions.views import ItemView, OptionView, PartView
from . import clock
from .lookup import attempt_questions, owned_attempt
from .refused_answers import RefusedAnswer


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
    mode: str = "test"
    can_choose_mode: bool = False  # a retake of a test-mode quiz may be taken as practice
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
        Attempt.user_id == user_id, Attempt.quiz_id == quiz.id, Attempt.purpose == "quiz")
        .order_by(Attempt.id)).all()
    attempts = tuple(_summary(a, i + 1) for i, a in enumerate(rows))
    extra_time = db.session.scalar(select(User.extra_time).where(User.id == user_id)) or 1.0
    return QuizIntro(
        module_id=module_id, module_title=module.title, quiz_id=quiz.id, slug=quiz.slug,
        title=quiz.title, kind=quiz.kind, pass_mark=quiz.pass_mark, question_count=count,
        lesson_slug=lesson.slug if lesson else None, lesson_title=lesson.title if lesson else None,
        attempts=attempts,
        open_attempt_id=next((a.id for a in attempts if a.status == "open"), None),
        mode=quiz.mode, can_choose_mode=quiz.mode == "test" and any(
            a.status == "submitted" for a in attempts),
        time_limit_minutes=quiz.time_limit_minutes, extra_time=extra_time)


def _summary(a: Attempt, number: int) -> AttemptSummary:
    return AttemptSummary(
        id=a.id, number=number, status=a.status, earned=a.earned, possible=a.possible,
        percent=percent(a.earned, a.possible), passed=a.passed,
        submitted_at=a.submitted_at.strftime("%Y-%m-%d %H:%M UTC") if a.submitted_at else None)


@dataclass(frozen=True)
class AttemptPage:
    attempt_id: int
    quiz_title: str
    quiz_slug: str | None  # None for a module-wide practice set
    module_id: str
    status: str
    items: tuple[ItemView, ...]
    earned: int | None
    possible: int
    pass_mark: int
    passed: bool | None
    lesson_slug: str | None
    lesson_title: str | None
    mode: str = "test"
    purpose: str = "quiz"
    confidence: dict[str, str] = field(default_factory=dict)  # question id -> stated level
    passages: dict[str, Passage] = field(default_factory=dict)  # question id -> lesson passage

    @property
    def counts(self) -> bool:
        """Whether this attempt counts towards the quiz's scores (practice sets never do)."""
        return self.purpose == "quiz"
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


def attempt_page(user_id: int, attempt_id: int, *, reveal: bool,
                 refused: Sequence[RefusedAnswer] = (),
                 sent: Mapping[str, Any] | None = None) -> AttemptPage:
    """An attempt as the student sees it. `reveal` adds the key, rationales and scores; it is
    refused (NotFound) for an open attempt so nothing leaks before submission. Answers the
    server `refused` are shown as the student `sent` them, each marked with why."""
    attempt = owned_attempt(user_id, attempt_id)
    if reveal and attempt.status != "submitted":
        raise NotFound("This attempt has not been submitted yet.")
    quiz = db.session.get(Quiz, attempt.quiz_id) if attempt.quiz_id else None
    lesson = db.session.get(Lesson, quiz.lesson_id) if quiz and quiz.lesson_id else None
    # One read of the attempt's responses serves the answers, the scores and the confidence.
    responses = db.session.scalars(select(Response).where(
        Response.attempt_id == attempt.id)).all()
    answers = {r.question_id: r.answer for r in responses}
    answers.update({r.question_id: (sent or {}).get(r.question_id) for r in refused})
    scores = {r.question_id: (r.earned, r.possible) for r in responses} if reveal else {}
    questions = [q for _, q in attempt_questions(attempt.id)]
    items: list[ItemView] = []
    for i, q in enumerate(questions):
        previous = items[-1].case.id if items and items[-1].case else None
        items.append(item_view(i + 1, attempt.seed, q, answers.get(q.id), reveal,
                               scores.get(q.id), previous))
    items = marked(items, refused)
    return AttemptPage(
        attempt_id=attempt.id, quiz_title=attempt_title(attempt, quiz),
        quiz_slug=quiz.slug if quiz else None, module_id=quiz.module_id if quiz
        else attempt.module_id, status=attempt.status, items=tuple(items),
        earned=attempt.earned, possible=attempt.possible,
        pass_mark=quiz.pass_mark if quiz else 0, passed=attempt.passed,
        lesson_slug=lesson.slug if lesson else None, lesson_title=lesson.title if lesson else None,
        mode=attempt.mode, purpose=attempt.purpose, confidence={
            r.question_id: r.confidence for r in responses if r.confidence is not None},
        passages=passages({q.id: q.source for q in questions}) if reveal else {},
        sequence=attempt.sequence, deadline=attempt.deadline,
        remaining_seconds=clock.remaining_seconds(attempt.deadline, utcnow()),
        auto_submitted=attempt.auto_submitted)


def marked(items: Sequence[ItemView], refused: Sequence[RefusedAnswer]) -> list[ItemView]:
    """The items, each whose answer was refused carrying the message for the student."""
    errors = {r.question_id: r for r in refused}
    return [replace(item, error=errors[item.question_id].message,
                    error_part=errors[item.question_id].part)
            if item.question_id in errors else item for item in items]


def attempt_title(attempt: Attempt, quiz: Quiz | None) -> str:
    """The heading of an attempt: the quiz's title, or what a practice set is of."""
    scope = quiz.title if quiz else db.session.get(Module, attempt.module_id).title
    return {"missed": f"What I missed: {scope}", "review": f"Review: {scope}"}.get(
        attempt.purpose, scope)


def single_item_view(number: int, seed: int, question: QuestionContent, answer: Any, *,
                     reveal: bool, score: tuple[int | None, int] | None = None) -> ItemView:
    """One question on its own (practice mode): with `reveal`, the key, rationales and score."""
    return item_view(number, seed, question, answer, reveal, score, None)


__all__ = ["AttemptPage", "AttemptSummary", "ItemView", "OptionView", "PartView", "QuizIntro",
           "attempt_page", "find_quiz", "quiz_intro"]
