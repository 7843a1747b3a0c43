"""An instructor sets or clears a cohort's own open and close times for a quiz (audited;
open attempts of the cohort's students follow the new close at once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import Cohort, CohortMember, Quiz, QuizWindow
from ..errors import BadInput, NotFound
from . import audit
from .windows import Window, quiz_window, refresh_open_attempts


@dataclass(frozen=True)
class CohortWindow:
    """One of the instructor's cohorts with its window for a quiz (None: the quiz's own)."""

    cohort_id: int
    cohort_name: str
    override: Window | None
    effective: Window


def _owned(actor_id: int, cohort_id: int, quiz_id: int) -> tuple[Cohort, Quiz]:
    cohort = db.session.get(Cohort, cohort_id)
    quiz = db.session.get(Quiz, quiz_id)
    if cohort is None or cohort.instructor_id != actor_id:
        raise NotFound("There is no such cohort among yours.")
    if quiz is None or quiz.retired:
        raise NotFound("There is no such quiz.")
    return cohort, quiz


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def set_window(actor_id: int, cohort_id: int, quiz_id: int, opens: datetime | None,
               closes: datetime | None) -> Window:
    """Give the cohort its own opens/closes for the quiz (None: the quiz's own date);
    returns the window the cohort's students now have."""
    if opens is None and closes is None:
        raise BadInput("Give an open time, a close time or both (or clear the cohort's dates).")
    with write_transaction():
        cohort, quiz = _owned(actor_id, cohort_id, quiz_id)
        own = quiz_window(quiz)
        effective = Window(opens or own.opens, closes or own.closes)
        if effective.opens and effective.closes and effective.closes <= effective.opens:
            raise BadInput("The close time must be after the open time "
                           f"({effective.opens:%Y-%m-%d %H:%M} UTC).")
        row = db.session.scalar(select(QuizWindow).where(
            QuizWindow.quiz_id == quiz.id, QuizWindow.cohort_id == cohort.id))
        before = {"opens": _iso(row.opens_at), "closes": _iso(row.closes_at)} if row else None
        if row is None:
            row = QuizWindow(quiz_id=quiz.id, cohort_id=cohort.id, set_by=actor_id)
            db.session.add(row)
        row.opens_at, row.closes_at, row.set_by = opens, closes, actor_id
        audit.record(actor_id, "set_quiz_window", cohort_id=cohort.id, quiz_id=quiz.id,
                     opens=_iso(opens), closes=_iso(closes), before=before)
        db.session.flush()
        refresh_open_attempts(quiz, _members(cohort.id))
    return effective


def clear_window(actor_id: int, cohort_id: int, quiz_id: int) -> bool:
    """Remove the cohort's own dates (its students get the quiz's); False if it had none."""
    with write_transaction():
        cohort, quiz = _owned(actor_id, cohort_id, quiz_id)
        row = db.session.scalar(select(QuizWindow).where(
            QuizWindow.quiz_id == quiz.id, QuizWindow.cohort_id == cohort.id))
        if row is None:
            return False
        audit.record(actor_id, "cleared_quiz_window", cohort_id=cohort.id, quiz_id=quiz.id,
                     before={"opens": _iso(row.opens_at), "closes": _iso(row.closes_at)})
        db.session.delete(row)
        db.session.flush()
        refresh_open_attempts(quiz, _members(cohort.id))
    return True


def _members(cohort_id: int) -> list[int]:
    return list(db.session.scalars(select(CohortMember.user_id).where(
        CohortMember.cohort_id == cohort_id)))


def cohort_windows(instructor_id: int, quiz: Quiz) -> list[CohortWindow]:
    """The instructor's cohorts with their windows for `quiz` (two queries)."""
    cohorts = db.session.scalars(select(Cohort).where(Cohort.instructor_id == instructor_id)
                                 .order_by(Cohort.name)).all()
    rows = {w.cohort_id: w for w in db.session.scalars(select(QuizWindow).where(
        QuizWindow.quiz_id == quiz.id,
        QuizWindow.cohort_id.in_([c.id for c in cohorts])))} if cohorts else {}
    own = quiz_window(quiz)
    out = []
    for cohort in cohorts:
        row = rows.get(cohort.id)
        override = Window(row.opens_at, row.closes_at) if row else None
        effective = Window(row.opens_at or own.opens, row.closes_at or own.closes) if row \
            else own
        out.append(CohortWindow(cohort.id, cohort.name, override, effective))
    return out
