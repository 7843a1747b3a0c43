"""The practice/review migration upgrades a database that already holds attempts (SQLite
rebuilds the tables that other rows reference) and downgrades without losing quiz attempts."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from quizapp import create_app
from quizapp.extensions import db
from tests.helpers.data import app_config

BEFORE, AFTER = "96ebf17114e3", "9a1c0e55d7b2"
ROWS = [
    "INSERT INTO module (id, title, description, position, retired) "
    "VALUES ('m', 'M', '', 0, false)",
    "INSERT INTO quiz (id, module_id, slug, kind, title, pass_mark, position, source_file, "
    "source_line, retired) VALUES (1, 'm', 'q', 'lesson', 'Q', 70, 0, '', 0, false)",
    "INSERT INTO question (id, quiz_id, position, source_file, source_line, retired) "
    "VALUES ('q1', 1, 0, '', 0, false)",
    "INSERT INTO question_version (id, question_id, number, content_hash, snapshot, max_score, "
    "created_at) VALUES (1, 'q1', 1, 'h', '{}', 1, '2030-01-01 00:00:00+00:00')",
    "INSERT INTO user_account (id, username, password_hash, role, session_version, created_at) "
    "VALUES (1, 'u', 'x', 'student', 1, '2030-01-01 00:00:00+00:00')",
    "INSERT INTO attempt (id, user_id, quiz_id, status, seed, started_at, submitted_at, earned, "
    "possible, passed) VALUES (1, 1, 1, 'submitted', 7, '2030-01-01 00:00:00+00:00', "
    "'2030-01-01 00:10:00+00:00', 1, 1, true)",
    "INSERT INTO attempt_item (id, attempt_id, position, question_id, question_version_id) "
    "VALUES (1, 1, 0, 'q1', 1)",
    "INSERT INTO response (id, attempt_id, question_id, question_version_id, answer, earned, "
    "possible, saved_at) VALUES (1, 1, 'q1', 1, '[\"a\"]', 1, 1, '2030-01-01 00:05:00+00:00')",
]
PRACTICE_SET = [
    "INSERT INTO attempt (id, user_id, module_id, mode, purpose, status, seed, started_at, "
    "possible) VALUES (2, 1, 'm', 'practice', 'review', 'open', 8, "
    "'2030-01-02 00:00:00+00:00', 1)",
    "INSERT INTO attempt_item (id, attempt_id, position, question_id, question_version_id) "
    "VALUES (2, 2, 0, 'q1', 1)",
    "INSERT INTO response (id, attempt_id, question_id, question_version_id, answer, earned, "
    "possible, saved_at, confidence) VALUES (2, 2, 'q1', 1, '[\"a\"]', 1, 1, "
    "'2030-01-02 00:05:00+00:00', 'high')",
]


def run(statements: list[str]) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def rows(sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_upgrade_keeps_attempts_and_downgrade_drops_only_practice_sets(empty_database_url):  # noqa: F811
    app = create_app(app_config(empty_database_url))
    with app.app_context():
        upgrade(revision=BEFORE)
        run(ROWS)
        upgrade(revision=AFTER)
        assert rows("SELECT id, quiz_id, module_id, mode, purpose FROM attempt") == [
            (1, 1, None, "test", "quiz")]
        assert rows("SELECT mode FROM quiz") == [("test",)]
        run(PRACTICE_SET)
        downgrade(revision=BEFORE)
        assert rows("SELECT id, quiz_id FROM attempt") == [(1, 1)]
        assert rows("SELECT id FROM response") == [(1,)]
        if db.engine.dialect.name == "sqlite":
            assert rows("PRAGMA foreign_keys") == [(1,)]  # switched back on after migrating
        downgrade(revision="base")
        db.engine.dispose()
