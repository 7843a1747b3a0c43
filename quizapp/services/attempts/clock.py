"""The server's clock for timed attempts and closing quizzes: deadlines, the grace period,
what is overdue.

The server owns time: a deadline is fixed when the attempt starts (the quiz's limit times the
student's extra-time multiplier); saves are accepted until deadline + grace (a slow network must
not cost an answer typed in the last second); after that the attempt is submitted with what was
saved by then.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from ...models import Attempt
from ...models.types import utcnow

DEFAULT_GRACE_SECONDS = 60


def grace() -> timedelta:
    """The grace period after a deadline (config QUIZ_GRACE_SECONDS, default 60 s)."""
    return timedelta(seconds=int(current_app.config.get("QUIZ_GRACE_SECONDS",
                                                        DEFAULT_GRACE_SECONDS)))


def deadline_for(started_at: datetime, limit_minutes: int | None,
                 extra_time: float) -> datetime | None:
    """When an attempt started at `started_at` must end; None for an untimed quiz."""
    if not limit_minutes:
        return None
    return started_at + timedelta(minutes=limit_minutes * extra_time)


def ends_at(attempt: Attempt) -> datetime | None:
    """When the attempt ends: its time limit or the quiz's close for the student, whichever
    comes first (None when neither applies)."""
    ends = [t for t in (attempt.deadline, attempt.closes_at) if t is not None]
    return min(ends) if ends else None


def overdue(attempt: Attempt, now: datetime) -> bool:
    """True when the attempt is open and its end (time limit or close) plus the grace period
    has passed."""
    end = ends_at(attempt)
    return attempt.status == "open" and end is not None and now > end + grace()


def past_deadline(attempt: Attempt, now: datetime) -> bool:
    """True once the attempt's end (time limit or close) has passed (the grace period may
    still run)."""
    end = ends_at(attempt)
    return end is not None and now >= end


def closing_time(attempt: Attempt, now: datetime) -> datetime:
    """The submission time recorded for an attempt closed by the clock: the last moment a save
    could still have been accepted (or now, if that is earlier)."""
    end = ends_at(attempt)
    assert end is not None
    return min(now, end + grace())


def remaining_seconds(deadline: datetime | None, now: datetime | None = None) -> int | None:
    """Whole seconds from `now` (default: the current time) until the deadline, 0 once it has
    passed; None when untimed."""
    if deadline is None:
        return None
    return max(0, int((deadline - (now or utcnow())).total_seconds()))
