"""The one `quiz` command group every CLI module registers on, and how a command fails.

Exit codes: 0 fine, 1 content or input errors, 2 usage errors (click's own UsageError) and
setup problems (no SECRET_KEY, a database that cannot be reached or has no tables yet)."""

from __future__ import annotations

from typing import IO, Any, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo
from sqlalchemy.exc import DBAPIError

from ..extensions import db
from ..readiness import NotConfigured, database_problem
from ..services.errors import ServiceError


class QuizGroup(AppGroup):
    """The `quiz` group: a command that fails for want of setup (readiness.py) says so in one
    line, exit 2, instead of a traceback. Commands that only read files never get there."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DBAPIError as exc:
            with ctx.ensure_object(ScriptInfo).load_app().app_context():
                problem = database_problem(db.engine)
            if problem is None:
                raise
            raise NotConfigured(problem) from exc


quiz_cli = QuizGroup("quiz", help="Manage course content, accounts and results.")


class CommandFailed(click.ClickException):
    """Exit 1 with the message as it is on stderr (no click "Error:" prefix: the CLI's messages
    already say what went wrong, e.g. `error: ...` or `Nothing imported: ...`)."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


def fail(exc: ServiceError) -> NoReturn:
    """Stop the command with a service's refusal: `error: <message>`, exit 1."""
    raise CommandFailed(f"error: {exc.message}") from exc


def bank_path(path: str | None) -> str:
    """PATH as given, or the configured question bank (default: questions/)."""
    return path or current_app.config["QUESTIONS_PATH"]
