"""Starting an attempt: resume the student's open one, or draw the questions of a new one
(attempts/draw.py) with its seed, deadline and close, once the quiz's settings allow it: open
for the student (their window), attempts left, and a mode that shows no key it may not."""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import insert, select

from ...database import write_transaction
from ...extensions import db
from ...models import Attempt, AttemptItem, Quiz, User
from ...models.types import utcnow
from ...scoring.marks import to_hundredths
from ...simulation import attempt_seed
from ..errors import Conflict, NotFound
from ..learning import retakes
from ..policy import allowance
from ..policy.review import key_visible
from ..policy.windows import CLOSED, NOT_OPEN, Window, window_for
from . import audit, clock
from .draw import draw
from .grading import finish_attempt


class QuizNotOpen(Conflict):
    """The quiz is not open to this student now (before it opens, or after it closes)."""


class NoAttemptsLeft(Conflict):
    """The student has started every attempt the quiz allows them."""


def start_attempt(user_id: int, quiz_id: int, mode: str | None = None) -> Attempt:
    """Resume the user's open attempt at the quiz, or start a new one with fresh draws (in the
    quiz's mode, or the `mode` the student chose for a retake; for a timed quiz, with a
    deadline). An open attempt whose time is up is submitted first. QuizNotOpen or
    NoAttemptsLeft (409) when the quiz's settings refuse a new attempt."""
    with write_transaction():
        # Locking the student's row serialises a double click on Start (one open attempt).
        user = db.session.scalar(select(User).where(User.id == user_id).with_for_update()
                                 .execution_options(populate_existing=True))
        quiz = db.session.get(Quiz, quiz_id)
        if user is None or quiz is None or quiz.retired:
            raise NotFound("There is no such quiz.")
        now = utcnow()
        attempt = db.session.scalar(select(Attempt).where(
            Attempt.user_id == user_id, Attempt.quiz_id == quiz_id, Attempt.counts_toward_grade,
            Attempt.status == "open"))
        if attempt is not None and not clock.overdue(attempt, now):
            return attempt
        if attempt is not None:
            finish_attempt(attempt, now, auto=True)
            db.session.flush()  # the old attempt is closed before the new one opens
        window = window_for(user_id, quiz)
        check_can_start(user_id, quiz, window, now)
        attempt = _new_attempt(user, quiz, window, now, _mode(user_id, quiz, mode, now))
    return attempt


def check_can_start(user_id: int, quiz: Quiz, window: Window, now: datetime) -> None:
    """Refuse a new attempt the quiz's window or attempt allowance does not permit."""
    state = window.state(now)
    if state == NOT_OPEN and window.opens is not None:
        raise QuizNotOpen(f"'{quiz.title}' opens at {window.opens:%H:%M UTC on %d %b %Y}.")
    if state == CLOSED and window.closes is not None:
        raise QuizNotOpen(f"'{quiz.title}' closed at {window.closes:%H:%M UTC on %d %b %Y}; "
                          "it can no longer be started.")
    left = allowance.left(user_id, quiz)
    if left == 0:
        raise NoAttemptsLeft(f"You have used every attempt '{quiz.title}' allows "
                             f"({allowance.allowed(user_id, quiz)}).")


def _mode(user_id: int, quiz: Quiz, requested: str | None, now: datetime) -> str:
    mode = retakes.mode_for(user_id, quiz, requested)
    if mode == "practice" and quiz.mode != "practice" and (
            quiz.kind == "final" or not key_visible(quiz, user_id, now)):
        # Practice mode shows each key as you go: never where the review holds the key back.
        raise Conflict(f"'{quiz.title}' can be retaken only in test mode: its key is not "
                       "shown after each question.")
    return mode


def _new_attempt(user: User, quiz: Quiz, window: Window, now: datetime, mode: str) -> Attempt:
    seed = attempt_seed()
    drawn = draw(quiz, random.Random(seed))
    if not drawn:
        raise Conflict("This quiz has no questions yet.")
    deadline = clock.deadline_for(now, quiz.time_limit_minutes, user.extra_time)
    attempt = Attempt(user_id=user.id, quiz_id=quiz.id, seed=seed, started_at=now, mode=mode,
                      deadline=deadline, closes_at=window.closes,
                      possible=sum(d.max_score for d in drawn))
    db.session.add(attempt)
    db.session.flush()
    # One executemany, not one INSERT per question: nothing here needs the items' ids.
    db.session.execute(insert(AttemptItem), [
        dict(attempt_id=attempt.id, position=i, question_id=d.question_id,
             question_version_id=d.version_id, mark_hundredths=to_hundredths(d.content.mark))
        for i, d in enumerate(drawn)])
    closes = {"closes": window.closes.isoformat()} if window.closes else {}
    audit.record(attempt, "started", questions=len(drawn), extra_time=user.extra_time,
                 deadline=deadline.isoformat() if deadline else None, **closes)
    return attempt
