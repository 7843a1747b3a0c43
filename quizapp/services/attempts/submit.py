"""Submitting an attempt exactly once, by the student or, once its deadline and grace period
have passed, by the server's clock (`close_overdue`, also run by `quiz close-overdue`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import Attempt
from ...models.types import utcnow
from ..errors import ServiceError, StaleAnswers
from ..progress import Progress, Ticker
from . import clock, stages
from .grading import finish_attempt
from .lookup import attempt_questions, locked_attempt, owned_attempt, saved_responses
from .refusal import why_refused
from .refused_answers import AnswersRefused
from .save import Answers, Confidence, record_save, store_answers


def submit_attempt(user_id: int, attempt_id: int, answers: Answers,
                   confidence: Confidence | None = None, *, sequence: int | None = None,
                   now: datetime | None = None, time_up: bool = False) -> Attempt:
    """Save the final answers and grade the attempt, exactly once.

    A second submit (double click, another tab, a retry) changes nothing and returns the
    already graded attempt; the row lock (or SQLite's write lock) serialises racing submits.
    When some answers do not fit their questions the others are saved, the attempt stays open
    and AnswersRefused says which, so the student can correct them; but once the deadline has
    passed (or the page says its time is up, `time_up`) the attempt is graded with the answers
    that fit. Past the deadline and grace period the posted answers are refused and the
    attempt is graded with what was saved (`auto_submitted` is then set). StaleAnswers as for
    a save.
    """
    refusal: ServiceError | None = None
    now = now or utcnow()
    with write_transaction():
        attempt = locked_attempt(user_id, attempt_id)
        if attempt.status == "submitted":
            return attempt
        refusal = why_refused(attempt, answers, sequence, now)
        if refusal is None:
            items = attempt_questions(attempt.id)
            saved = saved_responses(attempt.id)  # store_answers adds the rows it creates
            refused = store_answers(attempt, answers, items, saved, confidence)
            closed = stages.closed_of(refused)
            if closed:  # the page is behind a case's stage: save the rest, submit nothing
                record_save(attempt, answers, confidence, refused, "submit")
                refusal = stages.StageClosed(closed, attempt.sequence)
            elif refused and not (time_up or clock.past_deadline(attempt, now)):
                record_save(attempt, answers, confidence, refused, "submit")
                refusal = AnswersRefused(refused, attempt.sequence)
            else:
                attempt.sequence += 1
                db.session.flush()
                finish_attempt(attempt, now, auto=False, items=items, saved=saved,
                               refused=sorted({r.question_id for r in refused}))
    if isinstance(refusal, (StaleAnswers, AnswersRefused, stages.StageClosed)):
        raise refusal
    return attempt


def close_overdue(*, user_id: int | None = None, quiz_id: int | None = None,
                  attempt_id: int | None = None,
                  progress: Progress | None = None) -> list[int]:
    """Submit every open attempt (of the user / quiz / one attempt, when given) whose end (its
    deadline, or the quiz's close for the student) and grace period have passed, with the
    answers saved by then. Returns their ids. `progress` hears (attempts looked at, overdue
    attempts found)."""
    cutoff = utcnow() - clock.grace()
    query = select(Attempt.id).where(Attempt.status == "open",
                                     (Attempt.deadline < cutoff) | (Attempt.closes_at < cutoff))
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    if attempt_id is not None:
        query = query.where(Attempt.id == attempt_id)
    closed = []
    overdue = db.session.scalars(query.order_by(Attempt.id)).all()
    ticker = Ticker(progress, len(overdue))
    for overdue_id in overdue:
        ticker.tick()
        with write_transaction():
            attempt = db.session.scalar(
                select(Attempt).where(Attempt.id == overdue_id).with_for_update()
                .execution_options(populate_existing=True))
            now = utcnow()
            if attempt is not None and clock.overdue(attempt, now):  # not closed meanwhile
                finish_attempt(attempt, now, auto=True)
                closed.append(overdue_id)
    return closed


def close_if_overdue(user_id: int, attempt_id: int) -> bool:
    """Submit the user's attempt if (and only if) its time is genuinely up, as a page that
    shows it is opened: True when it was closed now. A read otherwise, so an attempt page
    takes no write lock; NotFound when the attempt is not the user's."""
    if not clock.overdue(owned_attempt(user_id, attempt_id), utcnow()):
        return False
    return bool(close_overdue(user_id=user_id, attempt_id=attempt_id))
