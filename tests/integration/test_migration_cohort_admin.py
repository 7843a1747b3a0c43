"""The cohort management migration: existing cohorts stay current (not archived), the audit
table takes the new actions and still refuses unknown ones, and a downgrade stops rather than
delete audit history it cannot hold."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from quizapp import create_app
from quizapp.extensions import db
from tests.helpers.data import app_config
from tests.integration.test_migration_practice import rows, run

BEFORE, AFTER = "77bc294eef45", "e5a7c2d94b31"
T = "'2030-01-01 00:00:00+00:00'"
ROWS = [
    f"INSERT INTO user_account (id, username, password_hash, role, created_at) "
    f"VALUES (1, 'ines', 'x', 'instructor', {T})",
    f"INSERT INTO cohort (id, instructor_id, name, join_code, created_at) "
    f"VALUES (1, 1, 'Group A', 'ABCDEFGHJK', {T})",
    f"INSERT INTO audit_event (id, actor_id, action, cohort_id, at, detail) "
    f"VALUES (1, 1, 'cleared_quiz_window', 1, {T}, '{{}}')",
]


def _event(event_id: int, action: str) -> str:
    return (f"INSERT INTO audit_event (id, actor_id, action, cohort_id, at, detail) "
            f"VALUES ({event_id}, 1, '{action}', 1, {T}, '{{}}')")


def test_cohorts_stay_current_and_the_audit_table_takes_the_new_actions(empty_database_url):
    app = create_app(app_config(empty_database_url))
    with app.app_context():
        try:
            upgrade(revision=BEFORE)
            run(ROWS)
            upgrade(revision=AFTER)
            assert rows("SELECT id, name, archived_at FROM cohort") == [(1, "Group A", None)]
            run([_event(2, "moved_student")])
            with pytest.raises(IntegrityError):
                run([_event(3, "dropped_table")])
            with pytest.raises(SystemExit):  # (Flask-Migrate logs the RuntimeError, exits)
                downgrade(revision=BEFORE)
            assert rows("SELECT COUNT(*) FROM audit_event") == [(2,)]
            assert rows("SELECT COUNT(*) FROM cohort WHERE archived_at IS NULL") == [(1,)]
            run(["DELETE FROM audit_event WHERE id = 2"])
            downgrade(revision=BEFORE)
            assert rows("SELECT id, action FROM audit_event") == [(1, "cleared_quiz_window")]
            downgrade(revision="base")
        finally:
            db.session.remove()
            db.engine.dispose()
