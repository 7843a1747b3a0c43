"""Helpers for the authoring tests: a private copy of the demo bank to edit, a full dump of
the database to compare, and a student who takes a quiz through the real services."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Quiz
from quizapp.services import attempts
from tests.helpers.data import DEMO_BANK


def copy_bank(tmp_path: Path) -> Path:
    """A copy of tests/data/bank that a test may edit."""
    target = tmp_path / "bank"
    shutil.copytree(DEMO_BANK, target)
    return target


def edit(file: Path, old: str, new: str, *, first: bool = False) -> None:
    """Replace exactly one occurrence of `old` in `file` (with `first`, the first of several)."""
    text = file.read_text()
    if first:
        assert old in text, f"{old!r} does not occur in {file}"
    else:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    file.write_text(text.replace(old, new, 1))


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order (call inside an app context)."""
    db.session.rollback()
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = [tuple(r) for r in rows]
    return out


def take_quiz(user_id: int, slug: str, answers: dict[str, list[str]]) -> int:
    """Start and submit the quiz with these answers; the attempt id (call in an app context)."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
    attempt = attempts.start_attempt(user_id, quiz.id)
    attempts.submit_attempt(user_id, attempt.id, answers)
    return attempt.id
