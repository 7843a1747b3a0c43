"""Why a write may not change an open attempt: its time is up (the server's clock, clock.py),
or the page it came from is out of date (the sequence check). A refusal is recorded in the
audit trail, and a late one submits the attempt with what was saved."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ...models import Attempt
from ..errors import ServiceError, StaleAnswers, TimeUp
from . import audit, clock
from .grading import finish_attempt

if TYPE_CHECKING:
    from .save import Answers

STALE_MESSAGE = ("Your answers were changed in another tab or window after this page was "
                 "loaded, so the answers from this older page were not saved. The page now "
                 "shows the newest saved answers; check them and carry on.")
TIME_UP_MESSAGE = ("The time limit has passed, so this attempt was submitted with the answers "
                   "saved before the deadline.")
SUBMITTED_MESSAGE = "This attempt has already been submitted; its answers can't change."
CLOSED_MESSAGE = ("The quiz has closed, so this attempt was submitted with the answers saved "
                  "before it closed.")


def ended_message(attempt: Attempt) -> str:
    """Why the clock ended the attempt: its time limit, or the quiz's close."""
    closed = attempt.closes_at is not None and (attempt.deadline is None
                                                or attempt.closes_at < attempt.deadline)
    return CLOSED_MESSAGE if closed else TIME_UP_MESSAGE


def why_refused(attempt: Attempt, answers: Answers, sequence: int | None,
                now: datetime) -> ServiceError | None:
    """Why this write may not change the open attempt, with the refusal recorded (and the
    attempt submitted when its time is up); None when it may."""
    questions = sorted(answers)
    if clock.overdue(attempt, now):
        end = clock.ends_at(attempt)
        audit.record(attempt, "refused_late", questions=questions,
                     deadline=end.isoformat() if end else None)
        finish_attempt(attempt, now, auto=True)
        return TimeUp(ended_message(attempt))
    if sequence is not None and sequence != attempt.sequence:
        audit.record(attempt, "refused_stale", questions=questions, sent=sequence,
                     current=attempt.sequence)
        return StaleAnswers(STALE_MESSAGE, attempt.sequence)
    return None
