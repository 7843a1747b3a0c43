"""When a quiz is open to a student: the quiz's own opens/closes, or the window an instructor
set for a cohort the student is in. A window's empty side takes the quiz's own date; a
student in several cohorts gets the most generous window among them (as Moodle does).

An open attempt stores the close that applies to it (`attempt.closes_at`); moving a close
here, or importing a quiz whose close changed, updates the open attempts it affects, so the
server's clock (attempts/clock.py) submits them at the right moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...models import Attempt, CohortMember, Quiz, QuizWindow

NOT_OPEN, OPEN, CLOSED = "not_open", "open", "closed"


@dataclass(frozen=True)
class Window:
    """An availability window; None on a side means no limit there."""

    opens: datetime | None = None
    closes: datetime | None = None

    def state(self, now: datetime) -> str:
        """not_open, open or closed at `now`."""
        if self.opens is not None and now < self.opens:
            return NOT_OPEN
        if self.closes is not None and now >= self.closes:
            return CLOSED
        return OPEN


def quiz_window(quiz: Quiz) -> Window:
    """The quiz's own window, from its settings."""
    return Window(quiz.opens_at, quiz.closes_at)


def merge(quiz: Quiz, overrides: Iterable[QuizWindow]) -> Window:
    """The window of a student whose cohorts have `overrides` for `quiz` (none: the quiz's)."""
    own = quiz_window(quiz)
    effective = [Window(w.opens_at or own.opens, w.closes_at or own.closes) for w in overrides]
    if not effective:
        return own
    opens = [w.opens for w in effective]
    closes = [w.closes for w in effective]
    return Window(None if None in opens else min(o for o in opens if o is not None),
                  None if None in closes else max(c for c in closes if c is not None))


def windows_for(user_id: int, quizzes: Iterable[Quiz]) -> dict[int, Window]:
    """Each quiz's window for the student, by quiz id (one query for all of them)."""
    quizzes = list(quizzes)
    rows = db.session.scalars(
        select(QuizWindow).join(CohortMember, CohortMember.cohort_id == QuizWindow.cohort_id)
        .where(CohortMember.user_id == user_id,
               QuizWindow.quiz_id.in_([q.id for q in quizzes]))).all() if quizzes else []
    by_quiz: dict[int, list[QuizWindow]] = {}
    for row in rows:
        by_quiz.setdefault(row.quiz_id, []).append(row)
    return {q.id: merge(q, by_quiz.get(q.id, ())) for q in quizzes}


def window_for(user_id: int, quiz: Quiz) -> Window:
    """The quiz's window for one student."""
    return windows_for(user_id, [quiz])[quiz.id]


def closed_for_everyone(quiz: Quiz, now: datetime) -> bool:
    """True once no student can start the quiz again: its own close and every cohort's
    close have passed (a quiz without a close of its own never closes for everyone, since a
    student outside the cohorts could still start it)."""
    if quiz.closes_at is None or now < quiz.closes_at:
        return False
    later = db.session.scalar(select(QuizWindow.id).where(
        QuizWindow.quiz_id == quiz.id, QuizWindow.closes_at >= now).limit(1))
    return later is None


def refresh_open_attempts(quiz: Quiz, user_ids: Iterable[int] | None = None) -> int:
    """Set `closes_at` of the quiz's open attempts (of `user_ids`, when given) to the close
    that now applies to each student; returns how many changed. In the caller's transaction."""
    query = select(Attempt).where(Attempt.quiz_id == quiz.id, Attempt.status == "open",
                                  Attempt.purpose == "quiz")
    if user_ids is not None:
        query = query.where(Attempt.user_id.in_(list(user_ids)))
    changed = 0
    for attempt in db.session.scalars(query).all():
        closes = window_for(attempt.user_id, quiz).closes
        if attempt.closes_at != closes:
            attempt.closes_at = closes
            changed += 1
    return changed
