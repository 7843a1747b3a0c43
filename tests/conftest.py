"""Shared fixtures: an app per test on SQLite and (with TEST_DATABASE_URL) on PostgreSQL,
a clean database per test, a test client that speaks CSRF, and factories. What tests share
beyond fixtures is in tests/helpers/.

`make test` runs the suite in parallel (pytest-xdist): each worker process has databases of
its own, so no worker ever empties another's tables (see `database_url`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from quizapp import create_app
from quizapp.content import load_bank
from quizapp.extensions import db, limiter
from quizapp.services.accounts import users
from quizapp.services.authoring import importer
from tests.helpers.data import DEMO_BANK, PASSWORD, XDIST_WORKER, app_config
from tests.helpers.web import post

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database per backend for the whole run; tables are emptied after each test."""
    if request.param == "sqlite":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    else:
        url = _worker_database(os.environ["TEST_DATABASE_URL"])
    app = create_app(app_config(url))
    with app.app_context():
        db.drop_all()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        db.engine.dispose()
    return url


def _worker_database(url: str) -> str:
    """The run's PostgreSQL database, or under pytest-xdist this worker's own one beside it
    (`<database>_gw0`, ...), created when absent. Databases derived from it in the tests
    (`..._migrations`, `..._backup`) are then per worker too. The worker databases are the
    tests' own, so they also get a test setting (synchronous_commit off)."""
    if not XDIST_WORKER:
        return url
    base = make_url(url)
    name = f"{base.database}_{XDIST_WORKER}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                           {"name": name}) is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            # A commit need not wait for its WAL to reach the disk (0.3 ms, not 2-3 ms, here):
            # only a crash of the PostgreSQL server itself could lose one, which no test does.
            conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with production cost takes ~50 ms a hash; tests need correctness, not cost."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                        parallelism=1))


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The app, with no context pushed: each request gets its own, as in production (a shared
    context would share `g` between requests). Use `with app.app_context():` to query."""
    app = create_app(app_config(database_url))
    limiter.reset()  # login throttling starts from zero in every test
    yield app
    with app.app_context():
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    """DELETE on both backends: on PostgreSQL, TRUNCATE of all 30 tables costs more than half
    a second (new files for every table and index, made durable) where deleting a test's few
    rows costs a few milliseconds; over half the suite that was most of its time."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]  # dependents first
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE question SET current_version_id = NULL"))  # the one cycle
        for table in tables:
            conn.execute(text(f"DELETE FROM {table}"))
        if conn.dialect.name == "postgresql":  # ids start at 1 again (SQLite reuses them)
            conn.execute(text(
                "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false)"
                " FROM pg_sequences WHERE schemaname = current_schema()"
                " AND last_value IS NOT NULL"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def imported(app: Flask) -> importer.ImportSummary:
    """The small demo bank from tests/data/bank, imported."""
    with app.app_context():
        return importer.import_bank(*load_bank(DEMO_BANK))


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    role: str


@pytest.fixture
def make_user(app: Flask) -> Callable[..., UserInfo]:
    counter = iter(range(1, 10_000))

    def make(role: str = "student", username: str | None = None,
             password: str = PASSWORD) -> UserInfo:
        with app.app_context():
            user = users.create_user(username or f"{role}{next(counter)}", password, role)
            return UserInfo(user.id, user.username, user.role)

    return make


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, username: str, password: str = PASSWORD):
        return post(self.client, "/login", {"username": username, "password": password})

    def logout(self):
        return post(self.client, "/logout")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)
