"""Starting an attempt: resume the student's open one, or draw the questions of a new one (a
lesson quiz's own, or a final exam's draw from each lesson) with its seed and deadline."""

from __future__ import annotations

import random
import secrets

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import Attempt, AttemptItem, Question, QuestionVersion, Quiz, User
from ...models.types import utcnow
from ..errors import Conflict, NotFound
from ..learning import retakes
from . import audit, clock
from .grading import finish_attempt


def start_attempt(user_id: int, quiz_id: int, mode: str | None = None) -> Attempt:
    """Resume the user's open attempt at the quiz, or start a new one with fresh draws (in the
    quiz's mode, or the `mode` the student chose for a retake; for a timed quiz, with a
    deadline). An open attempt whose time is up is submitted first."""
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
        seed = secrets.randbelow(2**31)
        drawn = _draw(quiz, random.Random(seed))
        if not drawn:
            raise Conflict("This quiz has no questions yet.")
        deadline = clock.deadline_for(now, quiz.time_limit_minutes, user.extra_time)
        attempt = Attempt(user_id=user_id, quiz_id=quiz_id, seed=seed, started_at=now,
                          mode=retakes.mode_for(user_id, quiz, mode), deadline=deadline,
                          possible=sum(v.max_score for _, v in drawn))
        db.session.add(attempt)
        db.session.flush()
        db.session.add_all(AttemptItem(attempt_id=attempt.id, position=i, question_id=q.id,
                                       question_version_id=v.id)
                           for i, (q, v) in enumerate(drawn))
        audit.record(attempt, "started", questions=len(drawn), extra_time=user.extra_time,
                     deadline=deadline.isoformat() if deadline else None)
    return attempt


def _draw(quiz: Quiz, rng: random.Random) -> list[tuple[Question, QuestionVersion]]:
    rows = db.session.execute(
        select(Question, QuestionVersion, Quiz.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .where(~Question.retired, ~Quiz.retired)
        .where(Quiz.id == quiz.id if quiz.kind == "lesson"
               else (Quiz.module_id == quiz.module_id) & (Quiz.kind == "lesson"))
        .order_by(Quiz.position, Question.position)).all()
    if quiz.kind == "lesson":
        return [(q, v) for q, v, _ in rows]
    pools: dict[int, list[tuple[Question, QuestionVersion]]] = {}
    for q, v, pool in rows:
        pools.setdefault(pool, []).append((q, v))
    drawn = [pair for pool in pools.values()
             for pair in rng.sample(pool, min(quiz.draw_per_lesson or 0, len(pool)))]
    rng.shuffle(drawn)
    return drawn
