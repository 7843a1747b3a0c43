"""The one `quiz` command group every CLI module registers on, and how a command fails.

Exit codes: 0 fine, 1 content or input errors, 2 usage errors (click's own UsageError)."""

from __future__ import annotations

from typing import IO, Any, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup

from ..services.errors import ServiceError

quiz_cli = AppGroup("quiz", help="Manage course content, accounts and results.")


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
