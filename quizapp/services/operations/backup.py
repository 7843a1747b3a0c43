"""Backup and restore of the whole database (`quiz backup FILE`, `quiz restore FILE`).

SQLite: the backup is SQLite's online backup API, one consistent snapshot while the app keeps
writing, checked with `PRAGMA integrity_check` and renamed into place only when whole. A
restore writes the backup *through* SQLite into the database, never by copying files over it,
so a `-wal` file left beside the database can never be replayed over the restored data; it
first switches the database out of WAL mode, which SQLite allows only when no other connection
has it open: a running app makes the restore refuse instead of changing data under it.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --single-transaction` (the client
tools of the server's major version must be installed); the restore refuses while any other
session is connected to the database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from ..errors import BadInput, Conflict

REQUIRED_TABLES = ("alembic_version", "user_account", "attempt", "response")


@dataclass(frozen=True)
class Outcome:
    """What a backup or restore did: the file, its size, the schema revision it holds."""

    path: Path
    size: int
    revision: str
    backend: str


def backup(database_url: str, target: Path) -> Outcome:
    """Write a consistent copy of the database to `target` (replaced only when complete)."""
    url = make_url(database_url)
    target = target.expanduser().resolve()
    if not target.parent.is_dir():
        raise BadInput(f"The folder {target.parent} does not exist.")
    if url.get_backend_name() == "sqlite":
        return _backup_sqlite(_sqlite_path(url), target)
    if url.get_backend_name() == "postgresql":
        return _backup_postgresql(url, target)
    raise BadInput(f"Backups of {url.get_backend_name()} databases are not supported.")


def restore(database_url: str, source: Path) -> Outcome:
    """Replace the database's content with the backup in `source`; Conflict while the app
    (or anything else) has the database open, BadInput for a file that is not a backup."""
    url = make_url(database_url)
    source = source.expanduser().resolve()
    if not source.is_file():
        raise BadInput(f"There is no backup file {source}.")
    if url.get_backend_name() == "sqlite":
        return _restore_sqlite(source, _sqlite_path(url))
    if url.get_backend_name() == "postgresql":
        return _restore_postgresql(source, url)
    raise BadInput(f"Restoring {url.get_backend_name()} databases is not supported.")


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BadInput("An in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database).expanduser().resolve()


def _check_sqlite_file(conn: sqlite3.Connection, what: str) -> str:
    """The schema revision of a sound quizapp database; BadInput otherwise."""
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"{what} is not an SQLite database ({exc}).") from exc
    if verdict != "ok":
        raise BadInput(f"{what} failed SQLite's integrity check: {verdict}")
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BadInput(f"{what} is not a quizapp database (no table {', '.join(missing)}).")
    return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _backup_sqlite(database: Path, target: Path) -> Outcome:
    if not database.is_file():
        raise BadInput(f"There is no database at {database}.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        source.execute("PRAGMA busy_timeout=30000")
        source.backup(copy)  # all pages in one step: one snapshot, writers carry on (WAL)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        revision = _check_sqlite_file(copy, "The new backup")
    finally:
        copy.close()
        source.close()
    _sync(partial)
    os.replace(partial, target)
    return Outcome(target, target.stat().st_size, revision, "sqlite")


def _restore_sqlite(source: Path, database: Path) -> Outcome:
    backup_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        revision = _check_sqlite_file(backup_conn, f"The file {source}")
        target = sqlite3.connect(database, timeout=0)
        try:
            _take_over(target, database)
            backup_conn.backup(target)
            verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":  # cannot happen with a checked backup; say so if it does
                raise Conflict(f"The restored database failed its integrity check: {verdict}")
        finally:
            target.close()
    finally:
        backup_conn.close()
    for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)  # nothing has the database open: these are stale
    return Outcome(database, database.stat().st_size, revision, "sqlite")


def _take_over(target: sqlite3.Connection, database: Path) -> None:
    """Leave WAL mode (which replays and removes a -wal file left by a crash); SQLite allows
    it only when this is the database's one connection, so a running app makes it fail."""
    try:
        mode = target.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise Conflict(f"{database} is in use (the app or another program has it open): stop "
                       f"the app, then restore. Nothing was changed.") from exc
    if mode != "delete":
        raise Conflict(f"{database} is in use (journal mode stays '{mode}'): stop the app, "
                       f"then restore. Nothing was changed.")


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pg_environment(url: URL) -> dict[str, str]:
    """libpq's variables for the URL: the password never appears on a command line."""
    env = dict(os.environ)
    for name, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                        ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[name] = str(value)
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BadInput(f"{name} is not installed. Install PostgreSQL's client tools of the "
                       f"server's major version (Debian: apt-get install postgresql-client), "
                       f"or run it by hand as docs/operations.md shows.")
    return path


def _run(command: list[str], url: URL) -> None:
    done = subprocess.run(command, env=_pg_environment(url), capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BadInput(f"{Path(command[0]).name} failed: {done.stderr.strip()[-800:]}")


def _revision(url: URL) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())
    finally:
        engine.dispose()


def _backup_postgresql(url: URL, target: Path) -> Outcome:
    partial = target.with_name(target.name + ".partial")
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--file={partial}"], url)
    _sync(partial)
    os.replace(partial, target)
    return Outcome(target, target.stat().st_size, _revision(url), "postgresql")


def _restore_postgresql(source: Path, url: URL) -> Outcome:
    tool = _pg_tool("pg_restore")
    listing = subprocess.run([tool, "--list", str(source)], capture_output=True, text=True,
                             check=False)
    if listing.returncode != 0 or "TABLE public alembic_version" not in listing.stdout:
        raise BadInput(f"The file {source} is not a quizapp backup made by pg_dump "
                       f"--format=custom.")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            others = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")).scalar_one()
    finally:
        engine.dispose()
    if others:
        raise Conflict(f"{others} other session(s) are connected to the database (the app?): "
                       f"stop them, then restore. Nothing was changed.")
    _run([tool, "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={url.database}",
          str(source)], url)
    return Outcome(source, source.stat().st_size, _revision(url), "postgresql")
