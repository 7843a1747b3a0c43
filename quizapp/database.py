"""Engine tuning per backend, and write transactions that never meet "database is locked".

SQLite: foreign keys on, WAL so readers never block the writer, a busy timeout, and write
transactions opened with BEGIN IMMEDIATE so two writers queue instead of deadlocking on upgrade.
synchronous=FULL makes every commit durable before it is acknowledged: an answer the page was
told is saved survives a killed process and a power cut alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection

from .extensions import db

_immediate: ContextVar[bool] = ContextVar("immediate", default=False)
_relaxed: ContextVar[bool] = ContextVar("relaxed", default=False)


def configure_engine(engine: Engine) -> None:
    """Install the SQLite pragmas and transaction handling on `engine` (no-op elsewhere)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN, instead of pysqlite guessing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        relaxed = _relaxed.get()
        if conn.info.get("relaxed", False) != relaxed:  # set outside a transaction
            conn.exec_driver_sql(f"PRAGMA synchronous={'NORMAL' if relaxed else 'FULL'}")
            conn.info["relaxed"] = relaxed
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


@contextmanager
def relaxed_durability() -> Iterator[None]:
    """Commits in the block skip the wait for the disk (SQLite's synchronous=NORMAL; in WAL
    mode the database stays consistent, but the last commits may be lost in a power cut).
    For bulk work that is cheap to redo, such as the simulated demo class; no-op elsewhere."""
    token = _relaxed.set(True)
    try:
        yield
    finally:
        _relaxed.reset(token)


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block in one transaction that commits at the end or rolls back on error.

    On SQLite it starts with BEGIN IMMEDIATE (it takes the write lock first, waiting up to the
    busy timeout), so a read-then-write never fails half-way with "database is locked".
    Elsewhere (PostgreSQL, READ COMMITTED) it carries on in the request's transaction, which
    saves a commit and a new transaction per write; rows are read afresh either way.
    """
    if db.engine.dialect.name == "sqlite":
        db.session.commit()  # end any read transaction: the next statement opens the write one
    else:
        db.session.expire_all()
    token = _immediate.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _immediate.reset(token)
