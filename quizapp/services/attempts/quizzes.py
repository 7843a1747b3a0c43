"""Read models for a quiz's front page: what it covers, its settings as they apply to the
student (window, attempts left, grading, review), their attempts and their grade.

The attempt and result pages are in pages.py; the per-question views (ItemView, OptionView,
PartView) in services/questions/views.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from ...content.model import Question as QuestionContent
from ...content.settings import Blueprint
from ...extensions import db
from ...models import Attempt, Lesson, Module, Question, QuestionVersion, Quiz, User
from ...models.types import utcnow
from ..errors import NotFound
from ..grades import Grade, attempt_marks, grade_of
from ..policy import allowance
from ..policy.review import Review, review_for
from ..policy.windows import Window, window_for
from ..questions.build import item_view
from ..questions.views import ItemView, OptionView, PartView
from .pages import AttemptPage, attempt_page, attempt_title, marked, result_page


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    number: int
    status: str
    marks_earned: Fraction | None  # None while open (or when the review hides the score)
    marks_possible: Fraction
    percent: int | None
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
    window: Window = Window()
    window_state: str = "open"  # not_open | open | closed
    attempts_allowed: int | None = None  # with any granted extra; None: unlimited
    attempts_left: int | None = None
    grading: str = "highest"
    review: Review | None = None  # what the student sees of submitted attempts now
    review_when: str = "immediately"
    review_shows: str = "key"
    grade: Grade | None = None
    case_studies: int = 0  # whole unfolding cases in each attempt
    pool: bool = False  # a final exam drawn by a blueprint from its own pool

    @property
    def your_minutes(self) -> int | None:
        """The student's own limit: the quiz's times their extra-time multiplier."""
        if self.time_limit_minutes is None:
            return None
        return round(self.time_limit_minutes * self.extra_time)

    @property
    def can_start(self) -> bool:
        return self.open_attempt_id is not None or (
            self.window_state == "open" and self.attempts_left != 0)


def find_quiz(module_id: str, slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.module_id == module_id, Quiz.slug == slug,
                                                ~Quiz.retired))
    if quiz is None:
        raise NotFound("There is no such quiz in this module.")
    return quiz


def _question_count(quiz: Quiz) -> tuple[int, int]:
    """(items per attempt, whole case studies per attempt)."""
    if quiz.kind == "lesson":
        return len(db.session.scalars(select(Question.id).where(
            Question.quiz_id == quiz.id, ~Question.retired)).all()), 0
    if quiz.blueprint is not None:
        blueprint = Blueprint.from_json(quiz.blueprint)
        sizes: dict[str, int] = {}
        for case_id in _pool_case_ids(quiz):
            sizes[case_id] = sizes.get(case_id, 0) + 1
        per_case = max(sizes.values()) if sizes else 0  # an NGN case is six items
        return (sum(c.draw for c in blueprint.cells) + blueprint.case_studies * per_case,
                blueprint.case_studies)
    lessons = db.session.scalars(select(Quiz.id).where(
        Quiz.module_id == quiz.module_id, Quiz.kind == "lesson", ~Quiz.retired)).all()
    return len(lessons) * (quiz.draw_per_lesson or 0), 0


def _pool_case_ids(quiz: Quiz) -> list[str]:
    """The case id of each live pool item that belongs to a case. The database reads it out
    of each snapshot: fetching and parsing every pool item's whole snapshot on each view of
    an exam's front page cost more than the rest of the page."""
    case_id = QuestionVersion.snapshot[("case", "id")].as_string()
    return [c for c in db.session.scalars(select(case_id).join(
        Question, Question.current_version_id == QuestionVersion.id).where(
        Question.quiz_id == quiz.id, ~Question.retired)).all() if c is not None]


def quiz_intro(user_id: int, module_id: str, slug: str, now: datetime | None = None
               ) -> QuizIntro:
    """The quiz's front page: what it covers, its settings for the student, their attempts."""
    now = now or utcnow()
    quiz = find_quiz(module_id, slug)
    module = db.session.get_one(Module, module_id)  # find_quiz found the quiz in it
    lesson = db.session.get(Lesson, quiz.lesson_id) if quiz.lesson_id else None
    count, cases = _question_count(quiz)
    rows = db.session.scalars(select(Attempt).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz.id, Attempt.counts_toward_grade)
        .order_by(Attempt.id)).all()
    review = review_for(quiz, user_id, now)
    marks = attempt_marks(a.id for a in rows)
    attempts = tuple(_summary(a, i + 1, marks.get(a.id), review) for i, a in enumerate(rows))
    submitted = [marks[a.id] for a in sorted(rows, key=_submitted_order)
                 if a.status == "submitted" and a.id in marks]
    # The user is in the session already (the request's login): no query.
    user = db.session.get_one(User, user_id)
    window = window_for(user_id, quiz)
    allowed = allowance.allowed(user_id, quiz)
    return QuizIntro(
        module_id=module_id, module_title=module.title, quiz_id=quiz.id,
        slug=quiz.slug, title=quiz.title, kind=quiz.kind, pass_mark=quiz.pass_mark,
        question_count=count, lesson_slug=lesson.slug if lesson else None,
        lesson_title=lesson.title if lesson else None, attempts=attempts,
        open_attempt_id=next((a.id for a in attempts if a.status == "open"), None),
        mode=quiz.mode, can_choose_mode=quiz.mode == "test" and quiz.kind == "lesson"
        and review.key and any(a.status == "submitted" for a in attempts),
        time_limit_minutes=quiz.time_limit_minutes, extra_time=user.extra_time or 1.0,
        window=window, window_state=window.state(now), attempts_allowed=allowed,
        # `rows` are the attempts that count toward a grade: those the allowance counts.
        attempts_left=allowance.remaining(allowed, len(rows)), grading=quiz.grading,
        review=review,
        review_when=quiz.review, review_shows=quiz.review_shows,
        grade=grade_of(quiz, submitted) if review.score else None, case_studies=cases,
        pool=quiz.blueprint is not None)


def _submitted_order(a: Attempt) -> tuple[datetime, int]:
    return (a.submitted_at or a.started_at, a.id)


def _summary(a: Attempt, number: int, marks: Any, review: Review) -> AttemptSummary:
    show = review.score and a.status == "submitted" and marks is not None
    return AttemptSummary(
        id=a.id, number=number, status=a.status,
        marks_earned=marks.earned if show else None,
        marks_possible=marks.possible if marks is not None else Fraction(0),
        percent=marks.percent() if show else None, passed=a.passed if show else None,
        submitted_at=a.submitted_at.strftime("%Y-%m-%d %H:%M UTC") if a.submitted_at else None)


def single_item_view(number: int, seed: int, question: QuestionContent, answer: Any, *,
                     reveal: bool, score: tuple[int | None, int] | None = None) -> ItemView:
    """One question on its own (practice mode): with `reveal`, the key, rationales and score."""
    return item_view(number, seed, question, answer, reveal, score, None)


__all__ = ["AttemptPage", "AttemptSummary", "ItemView", "OptionView", "PartView", "QuizIntro",
           "attempt_page", "attempt_title", "find_quiz", "marked", "quiz_intro", "result_page"]
