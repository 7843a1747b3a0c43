"""A student's history built through the services (with a controlled clock), cohorts with
members, and a demo bank whose basics quiz is in practice mode."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from sqlalchemy import select

from quizapp.content import load_bank
from quizapp.extensions import db
from quizapp.models import AttemptItem, ReviewCard
from quizapp.services import attempts
from quizapp.services.accounts import cohorts
from quizapp.services.attempts import quizzes
from quizapp.services.authoring import importer
from tests.helpers.data import DEMO_BANK

T0 = datetime(2030, 3, 1, 9, 30, tzinfo=UTC)
RIGHT = {"basics-count": ["b"], "basics-check": ["a", "b", "d"], "basics-purpose": ["true"],
         "more-detail": ["a"], "more-strict": ["a", "b"]}
WRONG = {"basics-count": ["a"], "basics-check": ["c"], "basics-purpose": ["false"],
         "more-detail": ["b"], "more-strict": ["a"]}
PARTLY = {"basics-check": ["a", "b", "c", "d"]}  # 3 right, 1 wrong: 2 of 3 points


def take(app, user_id: int, quiz: str, answers: dict, confidence: dict | None = None,
         now: datetime | None = None, mode: str | None = None) -> int:
    """Start and submit an attempt at a demo quiz with the answers (and confidence) given to
    the questions it drew; returns its id."""
    with app.app_context():
        quiz_id = quizzes.find_quiz("demo", quiz).id
        attempt_id = attempts.start_attempt(user_id, quiz_id, mode).id
        drawn = set(db.session.scalars(select(AttemptItem.question_id).where(
            AttemptItem.attempt_id == attempt_id)))
        attempts.submit_attempt(
            user_id, attempt_id, {q: a for q, a in answers.items() if q in drawn},
            {q: c for q, c in (confidence or {}).items() if q in drawn}, now=now)
        return attempt_id


def items_of(app, attempt_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AttemptItem.question_id).where(
            AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position)))


def cards(app, user_id: int) -> dict[str, ReviewCard]:
    with app.app_context():
        rows = db.session.scalars(select(ReviewCard).where(ReviewCard.user_id == user_id)).all()
        db.session.expunge_all()
        return {c.question_id: c for c in rows}


def import_practice_bank(app, tmp_path) -> None:
    """The demo bank with `mode: practice` on the basics quiz."""
    bank = tmp_path / "bank"
    shutil.copytree(DEMO_BANK, bank)
    lesson = bank / "demo" / "01-basics.yaml"
    lesson.write_text(lesson.read_text().replace("  pass_mark: 50\n",
                                                 "  pass_mark: 50\n  mode: practice\n", 1))
    with app.app_context():
        importer.import_bank(*load_bank(bank))


def cohort_with(app, instructor_id: int, name: str, student_ids: list[int]):
    """Create a cohort owned by the instructor and join the students to it."""
    with app.app_context():
        info = cohorts.create_cohort(instructor_id, name)
        for sid in student_ids:
            cohorts.join_cohort(sid, info.code)
        return info
