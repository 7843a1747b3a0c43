"""One holder at a time for a named background job, across every process sharing the database.

PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a connection of its own,
held while the job runs and released by `pg_advisory_unlock`. The job's own work commits on
other connections, so the lock never keeps a transaction open ("idle in transaction"). If the
process dies, its connection closes and PostgreSQL releases the lock by itself.

SQLite: an exclusive `flock` on a file beside the database (every process that can open the
database can open the file; no network file systems). The kernel releases it when the process
holding it dies. A BEGIN IMMEDIATE guard would not do: the job commits many times, and holding
SQLite's one write lock for a whole job would stop every student's save meanwhile.

Neither waits: a job someone else holds is skipped (`held` is False), and the next run of the
timer or worker picks up whatever is left.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

NAMESPACE = 0x7175697A  # "quiz": the first key of every quizapp advisory lock


def advisory_key(name: str) -> int:
    """The job's second advisory-lock key: a stable signed 32-bit number from its name."""
    value = zlib.crc32(name.encode("utf-8"))
    return value - (1 << 32) if value >= 1 << 31 else value


def lock_file(engine: Engine, name: str, fallback_dir: Path) -> Path:
    """Where SQLite's lock for job `name` lives: beside the database file (so every app
    server using that file shares it), or in `fallback_dir` for an in-memory database."""
    database = engine.url.database
    if database in (None, "", ":memory:") or str(database).startswith("file:"):
        return fallback_dir / f"quizapp.job-{name}.lock"
    path = Path(str(database)).resolve()
    return path.parent / f"{path.name}.job-{name}.lock"


@contextmanager
def exclusive(name: str, engine: Engine, fallback_dir: Path) -> Iterator[bool]:
    """Hold job `name`'s lock for the block: yields True when held, False when another
    process (or thread) holds it now. Never waits."""
    if engine.dialect.name == "postgresql":
        with _advisory(name, engine) as held:
            yield held
    else:
        with _flock(lock_file(engine, name, fallback_dir)) as held:
            yield held


@contextmanager
def _advisory(name: str, engine: Engine) -> Iterator[bool]:
    keys = {"ns": NAMESPACE, "key": advisory_key(name)}
    conn = engine.connect()
    try:
        held = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:ns, :key)"), keys))
        conn.commit()  # a session lock outlives the transaction; no transaction stays open
        try:
            yield held
        finally:
            if held:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:ns, :key)"), keys)
                    conn.commit()
                except Exception:
                    # The connection broke: PostgreSQL freed the lock with the session; a
                    # pooled connection must not come back holding it either way.
                    conn.invalidate()
                    raise
    finally:
        conn.close()


@contextmanager
def _flock(path: Path) -> Iterator[bool]:
    import fcntl  # POSIX only, like gunicorn; imported here so the module loads anywhere

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
