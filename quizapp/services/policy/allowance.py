"""How many attempts a student may start at a quiz: its `attempts_allowed` plus the extra
attempts instructors granted that student (each grant appended and audited)."""

from __future__ import annotations

from sqlalchemy import func, select

from ...database import write_transaction
from ...extensions import db
from ...models import Attempt, AttemptGrant, Quiz, User
from ..errors import BadInput, NotFound
from . import audit

MAX_GRANT = 20


def granted(user_id: int, quiz_id: int) -> int:
    """Extra attempts granted to the student at the quiz (0 when none)."""
    return db.session.scalar(select(func.coalesce(func.sum(AttemptGrant.extra), 0)).where(
        AttemptGrant.user_id == user_id, AttemptGrant.quiz_id == quiz_id)) or 0


def allowed(user_id: int, quiz: Quiz) -> int | None:
    """Attempts the student may start at the quiz in all; None when unlimited."""
    if quiz.attempts_allowed is None:
        return None
    return quiz.attempts_allowed + granted(user_id, quiz.id)


def used(user_id: int, quiz_id: int) -> int:
    """Attempts the student has started at the quiz (open or submitted; practice sets of
    missed or due questions are not attempts at the quiz)."""
    return db.session.scalar(select(func.count(Attempt.id)).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz_id,
        Attempt.purpose == "quiz")) or 0


def left(user_id: int, quiz: Quiz) -> int | None:
    """Attempts the student may still start; None when unlimited."""
    return remaining(allowed(user_id, quiz), used(user_id, quiz.id))


def remaining(total: int | None, started: int) -> int | None:
    """Attempts left of `total` (None: unlimited) once `started` have been started (for a
    caller that has read both already)."""
    return None if total is None else max(0, total - started)


def grant_attempts(actor_id: int, user_id: int, quiz_id: int, extra: int) -> int:
    """Give the student `extra` more attempts at the quiz (the caller has checked the student
    is in the instructor's scope); returns the attempts now left."""
    if not 1 <= extra <= MAX_GRANT:
        raise BadInput(f"Grant between 1 and {MAX_GRANT} extra attempts.")
    with write_transaction():
        quiz = db.session.get(Quiz, quiz_id)
        student = db.session.get(User, user_id)
        if quiz is None or quiz.retired or student is None or student.role != "student":
            raise NotFound("There is no such quiz or student.")
        if quiz.attempts_allowed is None:
            raise BadInput(f"'{quiz.title}' allows unlimited attempts already.")
        db.session.add(AttemptGrant(quiz_id=quiz.id, user_id=user_id, extra=extra,
                                    granted_by=actor_id))
        audit.record(actor_id, "granted_attempts", user_id=user_id, quiz_id=quiz.id,
                     extra=extra)
        db.session.flush()
        remaining = left(user_id, quiz)
    return remaining or 0
