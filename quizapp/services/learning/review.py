"""Spaced review with FSRS: one card per (student, question), reviewed by every graded answer.

The scheduler is the maintained `fsrs` package. Each graded answer is one review, rated from
the score and the confidence the student stated:

    wrong or partly wrong -> Again      right, low confidence -> Hard
    right, medium or none -> Good       right, high confidence -> Easy

The queue is daily: no minute-long learning steps (a miss comes back tomorrow; "retake what I
missed" is for right now), and no random fuzz, so due dates are reproducible. A card is due
"today" when its due time falls before the end of the current UTC day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.card import CardDict
from sqlalchemy import Select, case, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...models import Question, Quiz, Response, ReviewCard
from ...models.types import UTCDateTime
from ..errors import BadInput
from ..policy.exposure import study_quiz_ids

CONFIDENCE_LEVELS = ("low", "medium", "high")


def check_confidence(level: str) -> str:
    """`level` when it is a stated confidence (low, medium, high); BadInput otherwise."""
    if level not in CONFIDENCE_LEVELS:
        raise BadInput(f"Confidence '{level[:40]}' is not one of low, medium, high.")
    return level


SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False,
                      maximum_interval=365)
_RIGHT = {"low": Rating.Hard, "medium": Rating.Good, "high": Rating.Easy}


def rating_for(earned: int | None, possible: int, confidence: str | None) -> Rating:
    """The FSRS rating of one graded answer (ungraded or less than full marks is Again)."""
    if earned is None or earned < possible:
        return Rating.Again
    return _RIGHT.get(confidence or "medium", Rating.Good)


def end_of_day(now: datetime) -> datetime:
    """The start of the next UTC day: cards due before it are due today."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=UTC)


def record_answers(user_id: int, graded: Iterable[Response], when: datetime) -> None:
    """Review the student's card of each graded response at `when`, creating missing cards.

    Runs inside the caller's write transaction (grading an attempt). Cards are created with an
    insert that ignores a concurrent twin, then locked and updated, so two attempts graded at
    once for the same student never fail on the (user, question) unique constraint.
    """
    rows = [r for r in graded if r.earned is not None]
    if not rows:
        return
    when = when.astimezone(UTC)
    fresh = Card(card_id=int(when.timestamp() * 1000), due=when).to_dict()
    _insert_missing(user_id, sorted({r.question_id for r in rows}), fresh, when)
    cards = {c.question_id: c for c in db.session.scalars(
        select(ReviewCard).where(ReviewCard.user_id == user_id,
                                 ReviewCard.question_id.in_({r.question_id for r in rows}))
        .with_for_update())}
    for response in rows:
        row = cards[response.question_id]
        rating = rating_for(response.earned, response.possible, response.confidence)
        card = Card.from_dict(row.card)
        # Attempts can be graded out of order; a review never goes back in time.
        at = max(when, card.last_review) if card.last_review else when
        card, _ = SCHEDULER.review_card(card, rating, at)
        first = row.card.get("last_review") is None
        row.card, row.due, row.reviewed_at = card.to_dict(), card.due, at
        row.last_rating = int(rating)
        row.reviews = 1 if first else row.reviews + 1


def _insert_missing(user_id: int, question_ids: list[str], fresh: CardDict,
                    when: datetime) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A placeholder rating and count: the review that follows sets both.
    values = [dict(user_id=user_id, question_id=qid, card=fresh, due=when, last_rating=1,
                   reviews=1, reviewed_at=when) for qid in question_ids]
    # Rows as parameters (executemany, batched by the driver), not in the statement: one
    # cached statement whatever the number of questions, instead of one compiled per attempt.
    db.session.execute(insert(ReviewCard).on_conflict_do_nothing(
        index_elements=["user_id", "question_id"]), values)


def _live_cards(user_id: int, now: datetime) -> Select[str, datetime, str]:
    """Cards of questions a student can still be given (question and quiz not retired) and may
    see the key of: lesson quizzes only (never an exam's own pool), review options allowing."""
    return (select(ReviewCard.question_id, ReviewCard.due, Quiz.module_id)
            .join(Question, Question.id == ReviewCard.question_id)
            .join(Quiz, Quiz.id == Question.quiz_id)
            .where(ReviewCard.user_id == user_id, ~Question.retired,
                   Quiz.id.in_(study_quiz_ids(user_id, now))))


@dataclass(frozen=True)
class Queue:
    due_today: int
    next_due: datetime | None  # the earliest card due after today, when nothing is due today


def queues(user_id: int, now: datetime) -> dict[str, Queue]:
    """Per module id: how many cards are due today, and when the next one is due after that."""
    cutoff = end_of_day(now)
    cards = _live_cards(user_id, now).subquery()
    rows = db.session.execute(
        select(cards.c.module_id,
               func.count(case((cards.c.due < cutoff, 1))),
               func.min(case((cards.c.due >= cutoff, cards.c.due)), type_=UTCDateTime()))
        .group_by(cards.c.module_id)).all()
    return {module_id: Queue(due, None if due else later) for module_id, due, later in rows}


def due_questions(user_id: int, module_id: str, now: datetime, limit: int) -> list[str]:
    """The ids of the module's questions due today for the student, most overdue first."""
    return list(db.session.scalars(
        _live_cards(user_id, now).with_only_columns(ReviewCard.question_id)
        .where(Quiz.module_id == module_id, ReviewCard.due < end_of_day(now))
        .order_by(ReviewCard.due, Quiz.position, Question.position).limit(limit)))
