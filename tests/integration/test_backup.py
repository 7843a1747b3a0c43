"""`quiz backup` under load and `quiz restore`: every table comes back exactly as backed up,
a stale -wal file beside an SQLite database is never replayed over the restore, and a restore
refuses while something else has the database open. Both backends."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from quizapp import create_app
from quizapp.content import load_bank
from quizapp.extensions import db
from quizapp.services.accounts import users
from quizapp.services.authoring import importer
from tests.helpers.data import DEMO_BANK, PASSWORD
from tests.helpers.data import app_config as _config
from tests.helpers.history import RIGHT, take


@pytest.fixture
def scratch_url(database_url, tmp_path):  # type: ignore[no-untyped-def]
    """An empty database of the run's backend, built by the migrations (as in production)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'live.sqlite'}"
        return
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump/pg_restore are not installed")
    base = make_url(database_url)
    name = f"{base.database}_backup"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def live(scratch_url):  # type: ignore[no-untyped-def]
    app = create_app({**_config(scratch_url), "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with app.app_context():
        upgrade()
        importer.import_bank(*load_bank(DEMO_BANK))
        for i in range(5):
            take(app, users.create_user(f"before{i}", PASSWORD).id, "basics-quiz", RIGHT)
    yield app
    with app.app_context():
        db.engine.dispose()


class Writers:
    """Threads that keep signing up students and submitting attempts, recording when each
    student's rows were committed."""

    def __init__(self, app, count: int = 2) -> None:  # type: ignore[no-untyped-def]
        self.app, self.stop, self.done = app, threading.Event(), []
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(count)]

    def _run(self, n: int) -> None:
        i = 0
        while not self.stop.is_set():
            try:
                with self.app.app_context():
                    began = time.monotonic()
                    user = users.create_user(f"w{n}-{i}", PASSWORD)
                    take(self.app, user.id, "basics-quiz", RIGHT)
                    self.done.append((user.username, began, time.monotonic()))
            except BaseException as exc:  # reported by the test
                self.errors.append(exc)
                return
            i += 1

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def _wait_for(condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writers made no progress"
        time.sleep(0.01)


def _tables(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = [t.name for t in db.metadata.sorted_tables] + ["alembic_version"]
            return {name: [tuple(r) for r in conn.execute(text(
                f"SELECT * FROM {name} ORDER BY 1"))] for name in names}
    finally:
        engine.dispose()


def _sqlite_tables(path: Path) -> dict[str, list[tuple]]:
    return _tables(f"sqlite:///{path}")


def _backup_under_load(live, tmp_path):  # type: ignore[no-untyped-def]
    runner = live.test_cli_runner()
    target = tmp_path / "backup.bin"
    with Writers(live) as writers:
        _wait_for(lambda: len(writers.done) >= 3)
        began = time.monotonic()
        result = runner.invoke(args=["quiz", "backup", str(target)])
        ended = time.monotonic()
        count = len(writers.done)
        _wait_for(lambda: len(writers.done) >= count + 3)  # and they went on writing
    assert writers.errors == []
    assert result.exit_code == 0, result.output
    assert "Backed up the" in result.output and target.exists()
    before = {u for u, _, finished in writers.done if finished < began}
    after = {u for u, started, _ in writers.done if started > ended}
    assert before and after
    with live.app_context():
        db.engine.dispose()  # "stop the app" before restoring
    return target, before, after


def _present(url: str, usernames: set[str]) -> set[str]:
    names = {row[1] for row in _tables(url)["user_account"]}
    return usernames & names


def test_sqlite_backup_under_load_restores_every_table_exactly(live, tmp_path, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite path")
    url = live.config["SQLALCHEMY_DATABASE_URI"]
    database = Path(make_url(url).database)
    backup, before, after = _backup_under_load(live, tmp_path)
    expected = _sqlite_tables(backup)
    assert sqlite3.connect(backup).execute("PRAGMA foreign_key_check").fetchall() == []
    _leave_a_stale_wal(database)
    result = live.test_cli_runner().invoke(args=["quiz", "restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    assert _sqlite_tables(database) == expected  # every table, every row
    assert not Path(f"{database}-wal").exists() or Path(f"{database}-wal").stat().st_size == 0
    assert _present(url, before) == before and _present(url, after) == set()


def _leave_a_stale_wal(database: Path) -> None:
    """What a crash leaves: a -wal file holding a change the database file does not have.
    Replaying it over a restored database would silently bring the change back."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE user_account SET username = 'replayed-' || username")
    conn.commit()
    saved = {suffix: Path(f"{database}{suffix}").read_bytes() for suffix in ("-wal", "-shm")}
    conn.close()  # checkpoints: the change is now in the file itself, and the WAL is gone
    conn = sqlite3.connect(database)
    conn.execute("UPDATE user_account SET username = substr(username, 10)")
    conn.commit()
    conn.close()
    for suffix, data in saved.items():
        Path(f"{database}{suffix}").write_bytes(data)
    assert Path(f"{database}-wal").stat().st_size > 0


def test_sqlite_restore_refuses_while_the_app_has_the_database_open(live, tmp_path,
                                                                    database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite path")
    database = Path(make_url(live.config["SQLALCHEMY_DATABASE_URI"]).database)
    runner = live.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    assert runner.invoke(args=["quiz", "backup", str(backup)]).exit_code == 0
    with live.app_context():
        users.create_user("after", PASSWORD)
        db.engine.dispose()
    running_app = sqlite3.connect(database)  # another process's open connection, in WAL mode
    running_app.execute("SELECT count(*) FROM user_account").fetchone()
    try:
        result = runner.invoke(args=["quiz", "restore", "--yes", str(backup)])
    finally:
        running_app.close()
    assert result.exit_code == 1
    assert "is in use" in result.output and "Nothing was changed." in result.output
    assert _present(f"sqlite:///{database}", {"after"}) == {"after"}


def test_restore_refuses_a_file_that_is_not_a_backup(live, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with live.app_context():
        db.engine.dispose()
    result = live.test_cli_runner().invoke(args=["quiz", "restore", "--yes", str(bogus)])
    assert result.exit_code == 1 and "error:" in result.output
    assert _present(live.config["SQLALCHEMY_DATABASE_URI"], {"before0"}) == {"before0"}


def test_postgresql_backup_under_load_restores_every_table_exactly(live, tmp_path,
                                                                   database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL path")
    url = live.config["SQLALCHEMY_DATABASE_URI"]
    backup, before, after = _backup_under_load(live, tmp_path)
    engine = create_engine(url)  # "the app" still connected: the restore must refuse
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        refused = live.test_cli_runner().invoke(args=["quiz", "restore", "--yes", str(backup)])
    engine.dispose()
    assert refused.exit_code == 1 and "other session(s) are connected" in refused.output
    result = live.test_cli_runner().invoke(args=["quiz", "restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    restored = _data_in_database(url)
    assert len(restored) >= len(db.metadata.sorted_tables)
    assert _data_in_backup(backup) == restored  # every table, every row
    assert _present(url, before) == before and _present(url, after) == set()


def _normalised(sql: str) -> dict[str, list[str]]:
    """Per COPY statement (one per table), its rows sorted; sequence values too."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in sql.splitlines():
        if line.startswith("COPY "):
            current = tables.setdefault(line, [])
        elif line == "\\.":
            current = None
        elif current is not None:
            current.append(line)
        elif line.startswith("SELECT pg_catalog.setval"):
            tables.setdefault("sequences", []).append(line)
    return {name: sorted(rows) for name, rows in tables.items()}


def _data_in_backup(path: Path) -> dict[str, list[str]]:
    out = subprocess.run(["pg_restore", "--data-only", "--file=-", str(path)],
                         capture_output=True, text=True, check=True)
    return _normalised(out.stdout)


def _data_in_database(url: str) -> dict[str, list[str]]:
    from quizapp.services.operations.backup import _pg_environment

    out = subprocess.run(["pg_dump", "--data-only"], env=_pg_environment(make_url(url)),
                         capture_output=True, text=True, check=True)
    return _normalised(out.stdout)
