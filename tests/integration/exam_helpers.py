"""The clinic module (tests/data/exam/clinic): unfolding cases, marks, quiz settings and a
final exam with its own pool, imported; helpers to take its quizzes as a browser would."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp.content import load_bank
from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, Quiz
from quizapp.models.types import utcnow
from quizapp.services.authoring import importer
from tests.helpers.data import DATA
from tests.helpers.web import attempt_id_from, post

CLINIC = DATA / "exam" / "clinic"
STAGE_ONE = ("rl-case-cues", "rl-case-analyze")
STAGE_TWO = ("rl-case-hypothesis", "rl-case-solutions")
STAGE_THREE = ("rl-case-action", "rl-case-evaluate")
# Every key of the relapse quiz (test mode): one single item (mark 2) and the case.
RELAPSE_KEYS = {"rl-fever-symptoms": ["a"], "rl-case-cues": ["weak", "urine"],
                "rl-case-analyze": ["a"], "rl-case-hypothesis": ["a"],
                "rl-case-solutions": ["a", "b"], "rl-case-action": ["a"],
                "rl-case-evaluate": ["true"]}


@pytest.fixture
def clinic(app: Flask) -> dict[str, int]:
    """The clinic module imported; quiz ids by slug. The exam is made open now (its YAML
    dates are in 2030) so tests can take it; each test sets the dates it needs."""
    with app.app_context():
        importer.import_bank(*load_bank(CLINIC))
        quizzes = {q.slug: q.id for q in db.session.scalars(select(Quiz))}
    set_quiz(app, quizzes["clinic-final"], opens_at=None, closes_at=None)
    return quizzes


def set_quiz(app: Flask, quiz_id: int, **values: Any) -> None:
    """Change a quiz's settings row (as an import of edited YAML would)."""
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        for name, value in values.items():
            setattr(quiz, name, value)
        db.session.commit()


def ago(minutes: float) -> datetime:
    return utcnow() - timedelta(minutes=minutes)


def later(minutes: float) -> datetime:
    return utcnow() + timedelta(minutes=minutes)


def start_quiz(client, slug: str, module: str = "clinic") -> int:  # type: ignore[no-untyped-def]
    response = post(client, f"/modules/{module}/quizzes/{slug}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return attempt_id_from(response.headers["Location"])


def form_data(answers: dict[str, list[str]], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {f"q-{qid}": values for qid, values in answers.items()}
    data["shown"] = list(answers)
    data.update(extra)
    return data


def items_of(app: Flask, attempt_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AttemptItem.question_id).where(
            AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position)))


def attempt_row(app: Flask, attempt_id: int) -> Attempt:
    with app.app_context():
        row = db.session.get(Attempt, attempt_id)
        db.session.expunge(row)
        return row
