"""The marks migration keeps history: every attempt item already stored is worth its points
possible, so each old attempt's marks equal its points and its score and pass are unchanged."""

from __future__ import annotations

from fractions import Fraction

from flask_migrate import downgrade, upgrade

from quizapp import create_app
from quizapp.extensions import db
from quizapp.scoring.marks import Marks
from quizapp.services.grades import attempt_marks
from tests.helpers.data import app_config
from tests.integration.test_migration_practice import rows, run

BEFORE, AFTER = "c41d7e9a2b10", "c13a5e0f2b71"
T = "'2030-01-01 00:00:00+00:00'"
ROWS = [
    "INSERT INTO module (id, title, description, position, retired) "
    "VALUES ('m', 'M', '', 0, false)",
    "INSERT INTO quiz (id, module_id, slug, kind, title, pass_mark, position, source_file, "
    "source_line, retired, mode) VALUES (1, 'm', 'q', 'lesson', 'Q', 70, 0, '', 0, false, "
    "'test')",
    *[f"INSERT INTO question (id, quiz_id, position, source_file, source_line, retired) "
      f"VALUES ('{q}', 1, {i}, '', 0, false)" for i, q in enumerate(("q1", "q3"))],
    f"INSERT INTO question_version (id, question_id, number, content_hash, snapshot, "
    f"max_score, created_at) VALUES (1, 'q1', 1, 'h1', '{{}}', 1, {T})",
    f"INSERT INTO question_version (id, question_id, number, content_hash, snapshot, "
    f"max_score, created_at) VALUES (2, 'q3', 1, 'h3', '{{}}', 3, {T})",
    f"INSERT INTO user_account (id, username, password_hash, role, created_at) "
    f"VALUES (1, 'u', 'x', 'student', {T})",
    # 1 of 1 and 2 of 3 points: 3 of 4 (75%), passed at 70%
    f"INSERT INTO attempt (id, user_id, quiz_id, status, seed, started_at, submitted_at, "
    f"earned, possible, passed) VALUES (1, 1, 1, 'submitted', 7, {T}, {T}, 3, 4, true)",
    "INSERT INTO attempt_item (id, attempt_id, position, question_id, question_version_id) "
    "VALUES (1, 1, 0, 'q1', 1)",
    "INSERT INTO attempt_item (id, attempt_id, position, question_id, question_version_id) "
    "VALUES (2, 1, 1, 'q3', 2)",
    f"INSERT INTO response (id, attempt_id, question_id, question_version_id, answer, "
    f"earned, possible, saved_at) VALUES (1, 1, 'q1', 1, '[\"a\"]', 1, 1, {T})",
    f"INSERT INTO response (id, attempt_id, question_id, question_version_id, answer, "
    f"earned, possible, saved_at) VALUES (2, 1, 'q3', 2, '[\"a\"]', 2, 3, {T})",
]


def test_old_attempts_keep_exactly_their_score(empty_database_url):
    app = create_app(app_config(empty_database_url))
    with app.app_context():
        try:
            _upgrade_and_back()
        finally:
            db.session.remove()
            db.engine.dispose()


def _upgrade_and_back() -> None:
    """Upgrade a database holding an old attempt, check it, and go back down."""
    upgrade(revision=BEFORE)
    run(ROWS)
    upgrade(revision=AFTER)
    assert rows("SELECT id, mark_hundredths FROM attempt_item ORDER BY id") == [
        (1, 100), (2, 300)]
    assert attempt_marks([1]) == {1: Marks(Fraction(3), Fraction(4))}  # = the points
    db.session.remove()  # end the read's transaction: PostgreSQL would block the downgrade
    assert rows("SELECT earned, possible, passed FROM attempt") == [(3, 4, True)]
    assert rows("SELECT grading, review, review_shows FROM quiz") == [
        ("highest", "immediately", "key")]  # what every quiz did before
    downgrade(revision=BEFORE)
    assert rows("SELECT id FROM attempt_item ORDER BY id") == [(1,), (2,)]
    downgrade(revision="base")
