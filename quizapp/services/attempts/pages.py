"""Read models for the attempt page (an open attempt: answers, no key) and the result page (a
submitted one, showing what the quiz's review options allow now).

In a test-mode attempt an unfolding case shows only the stage the student is on: items of
stages left are closed (listed, not shown) and items of later stages are not sent at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from fractions import Fraction
from typing import Any

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, AttemptItem, Lesson, Module, Quiz, Response
from ...models.types import utcnow
from ...scoring.marks import Marks, item_marks, mark_value
from ...stats import TagScore
from ..errors import NotFound
from ..grades.tags import by_step, marks_by_version
from ..learning.passages import Passage, passages
from ..policy.review import FULL, Review, review_for
from ..questions.build import item_view
from ..questions.case_views import mark_last
from ..questions.views import ItemView
from . import clock, stages
from .lookup import attempt_questions, owned_attempt, saved_responses
from .refused_answers import RefusedAnswer


@dataclass(frozen=True)
class StageControl:
    """Where the student is in one unfolding case of a test-mode attempt."""

    case_id: str
    title: str
    stage: int  # 0-based, the stage on the page
    count: int
    left: tuple[str, ...]  # titles of the stages left behind (closed)
    closed_items: int  # items in those stages

    @property
    def number(self) -> int:
        return self.stage + 1

    @property
    def can_advance(self) -> bool:
        return self.stage + 1 < self.count


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
    sequence: int = 0
    ends_at: datetime | None = None  # the time limit or the quiz's close, whichever is first
    ends_on_close: bool = False  # the quiz's close ends it (not a time limit)
    remaining_seconds: int | None = None
    auto_submitted: bool = False
    total_items: int = 0  # every item of the attempt, shown or not
    stages: dict[str, StageControl] = field(default_factory=dict)  # by case id
    marks: Marks = Marks(Fraction(0), Fraction(0))
    item_marks: dict[str, tuple[Fraction, Fraction | None]] = field(default_factory=dict)
    review: Review = FULL
    by_step: tuple[TagScore, ...] = ()

    @property
    def counts(self) -> bool:
        """Whether this attempt counts towards the quiz's scores (practice sets never do)."""
        return self.purpose == "quiz"

    @property
    def deadline(self) -> datetime | None:
        return self.ends_at

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def percent(self) -> int:
        return self.marks.percent()

    @property
    def unreached(self) -> int:
        """Items of case stages not yet reached (not on the page)."""
        return self.total_items - len(self.items) - sum(s.closed_items
                                                        for s in self.stages.values())


def attempt_page(user_id: int, attempt_id: int, *, refused: Sequence[RefusedAnswer] = (),
                 sent: Mapping[str, Any] | None = None) -> AttemptPage:
    """An open (or just submitted) attempt as the student answers it: no key, no scores, and
    in test mode each unfolding case at the stage reached. Answers the server `refused` are
    shown as the student `sent` them, each marked with why."""
    attempt = owned_attempt(user_id, attempt_id)
    page = _build(attempt, reveal=False, review=Review(False, False, False),
                  sent={r.question_id: (sent or {}).get(r.question_id) for r in refused})
    return replace(page, items=tuple(marked(page.items, refused))) if refused else page


def marked(items: Sequence[ItemView], refused: Sequence[RefusedAnswer]) -> list[ItemView]:
    """The items, each whose answer was refused carrying the message for the student."""
    errors = {r.question_id: r for r in refused}
    return [replace(item, error=errors[item.question_id].message,
                    error_part=errors[item.question_id].part)
            if item.question_id in errors else item for item in items]


def result_page(user_id: int, attempt_id: int, now: datetime | None = None) -> AttemptPage:
    """A submitted attempt as its quiz's review options allow now (NotFound while open, so
    nothing leaks before submission)."""
    attempt = owned_attempt(user_id, attempt_id)
    if attempt.status != "submitted":
        raise NotFound("This attempt has not been submitted yet.")
    quiz = db.session.get(Quiz, attempt.quiz_id) if attempt.quiz_id else None
    review = review_for(quiz if attempt.purpose == "quiz" else None, user_id, now or utcnow())
    return _build(attempt, reveal=review.key, review=review)


def _build(attempt: Attempt, *, reveal: bool, review: Review,
           sent: Mapping[str, Any] | None = None) -> AttemptPage:
    quiz = db.session.get(Quiz, attempt.quiz_id) if attempt.quiz_id else None
    lesson = db.session.get(Lesson, quiz.lesson_id) if quiz and quiz.lesson_id else None
    # One read of the attempt's responses serves the answers, the scores and the confidence.
    responses = list(saved_responses(attempt.id).values())
    pairs = attempt_questions(attempt.id)
    shown, controls = _visible(attempt, pairs)
    items = _views(attempt, shown, responses, reveal, review, sent or {})
    marks, per_item = _marks(pairs, responses, review.responses)
    end = clock.ends_at(attempt)
    return AttemptPage(
        attempt_id=attempt.id, quiz_title=attempt_title(attempt, quiz),
        quiz_slug=quiz.slug if quiz else None,
        module_id=quiz.module_id if quiz else attempt.module_id or "",
        status=attempt.status, items=tuple(items), earned=attempt.earned,
        possible=attempt.possible, pass_mark=quiz.pass_mark if quiz else 0,
        passed=attempt.passed, lesson_slug=lesson.slug if lesson else None,
        lesson_title=lesson.title if lesson else None, mode=attempt.mode,
        purpose=attempt.purpose, confidence={
            r.question_id: r.confidence for r in responses if r.confidence is not None},
        passages=passages({q.id: q.source for _, q in shown}) if reveal else {},
        sequence=attempt.sequence, ends_at=end,
        ends_on_close=end is not None and end == attempt.closes_at,
        remaining_seconds=clock.remaining_seconds(end, utcnow()),
        auto_submitted=attempt.auto_submitted, total_items=len(pairs), stages=controls,
        marks=marks, item_marks=per_item, review=review,
        by_step=_steps(attempt, pairs) if review.responses and attempt.status == "submitted"
        else ())


def _visible(attempt: Attempt, pairs: list[tuple[AttemptItem, QuestionContent]]
             ) -> tuple[list[tuple[AttemptItem, QuestionContent]], dict[str, StageControl]]:
    """The items the page shows, and each unfolding case's place (test mode, open only)."""
    if attempt.mode != "test" or attempt.status != "open":
        return pairs, {}
    reached = stages.current_stages(attempt.id)
    shown: list[tuple[AttemptItem, QuestionContent]] = []
    controls: dict[str, StageControl] = {}
    for pair in pairs:
        where = stages.stage_of(pair[1])
        case = pair[1].case
        if where is None or case is None:
            shown.append(pair)
            continue
        current = reached.get(where[0], 0)
        old = controls.get(case.id) or StageControl(case.id, case.title, current,
                                                    case.stage_count, (), 0)
        if where[1] < current:
            title = case.stages[where[1]].title
            left = old.left if title in old.left else (*old.left, title)
            controls[case.id] = StageControl(case.id, case.title, current, old.count, left,
                                             old.closed_items + 1)
        else:
            controls[case.id] = old
            if where[1] == current:
                shown.append(pair)
    return shown, controls


def _views(attempt: Attempt, shown: list[tuple[AttemptItem, QuestionContent]],
           responses: list[Response], reveal: bool, review: Review,
           sent: Mapping[str, Any]) -> list[ItemView]:
    answers = {r.question_id: r.answer for r in responses} if (
        review.responses or attempt.status == "open") else {}
    answers.update(sent)  # a refused answer is shown as it was sent, to be corrected
    scores = {r.question_id: (r.earned, r.possible) for r in responses} if (
        review.responses and attempt.status == "submitted") else {}
    items: list[ItemView] = []
    for item, q in shown:
        previous = items[-1].case if items else None
        items.append(item_view(item.position + 1, attempt.seed, q, answers.get(q.id), reveal,
                               scores.get(q.id), previous))
    return mark_last(items)


def _marks(pairs: list[tuple[AttemptItem, QuestionContent]], responses: list[Response],
           per_item: bool) -> tuple[Marks, dict[str, tuple[Fraction, Fraction | None]]]:
    """The attempt's marks (each item's points scaled to its mark), and per item when the
    review shows responses: (mark, marks earned or None while ungraded)."""
    by_id = {r.question_id: r for r in responses}
    total = Marks(Fraction(0), Fraction(0))
    out: dict[str, tuple[Fraction, Fraction | None]] = {}
    for item, q in pairs:
        row = by_id.get(q.id)
        got = item_marks(item.mark_hundredths, row.earned, row.possible) \
            if row is not None and row.earned is not None else None
        total += Marks(got or Fraction(0), mark_value(item.mark_hundredths))
        if per_item:
            out[q.id] = (mark_value(item.mark_hundredths), got)
    return total, out


def _steps(attempt: Attempt, pairs: list[tuple[AttemptItem, QuestionContent]]
           ) -> tuple[TagScore, ...]:
    """This attempt's results by clinical judgement step (empty when no item has a step)."""
    per_version = marks_by_version(Attempt.id == attempt.id)
    snaps = {item.question_version_id: {"clinical_judgement": q.clinical_judgement}
             for item, q in pairs}
    steps = by_step(per_version, snaps)
    return steps if any(s.responses for s in steps) else ()


def attempt_title(attempt: Attempt, quiz: Quiz | None) -> str:
    """The heading of an attempt: the quiz's title, or what a practice set is of."""
    module = None if quiz else db.session.get(Module, attempt.module_id)
    scope = quiz.title if quiz else (module.title if module else "")
    return {"missed": f"What I missed: {scope}", "review": f"Review: {scope}"}.get(
        attempt.purpose, scope)
