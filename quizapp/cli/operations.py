"""`quiz backup FILE` and `quiz restore FILE`: the whole database, SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import click

from ..extensions import db
from ..readiness import database_url
from ..services.errors import ServiceError
from ..services.operations import backup as backups
from .group import fail, quiz_cli


@quiz_cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write a consistent copy of the database to FILE while the app keeps running (SQLite:
    the online backup API; PostgreSQL: pg_dump --format=custom)."""
    try:
        done = backups.backup(database_url(), file)
    except ServiceError as exc:
        fail(exc)
    click.echo(f"Backed up the {done.backend} database (schema {done.revision}) to "
               f"{done.path} ({done.size:,} bytes).")


@quiz_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(file: Path, yes: bool) -> None:
    """Replace everything in the database with the backup in FILE. Stop the app first: the
    restore refuses while anything else has the database open."""
    url = database_url()  # a missing setting is said before the question, not after
    if not yes:
        click.confirm("Replace EVERYTHING in the database with this backup?", abort=True)
    db.engine.dispose()  # this command's own pooled connections must not count as "in use"
    try:
        done = backups.restore(url, file)
    except ServiceError as exc:
        fail(exc)
    click.echo(f"Restored the {done.backend} database from {file} (schema {done.revision}). "
               f"Run `flask --app quizapp db upgrade` if this release is newer, then start "
               f"the app.")
