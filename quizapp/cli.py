"""The `flask --app quizapp quiz ...` commands. Exit codes: 0 fine, 1 content or input errors,
2 usage errors (click's own)."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from .content import ContentError, load_bank
from .services import accounts, attempts, importer
from .services.errors import BadInput


def _path(path: str | None) -> str:
    return path or current_app.config["QUESTIONS_PATH"]


quiz_cli = AppGroup("quiz", help="Manage course content, accounts and results.")


@quiz_cli.command("validate")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json prints a list of {file, line, col, message, severity}.")
def validate(path: str | None, fmt: str) -> None:
    """Check every file under PATH (default: questions/) and report every error at once."""
    bank, problems = load_bank(_path(path))
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in problems], indent=2))
    else:
        for problem in problems:
            click.echo(str(problem))
        questions = len(bank.questions())
        click.echo(f"{len(problems)} problem(s); {len(bank.modules)} module(s), "
                   f"{questions} question(s) read.", err=True)
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


@quiz_cli.command("import")
@click.argument("path", required=False)
def import_command(path: str | None) -> None:
    """Validate PATH (default: questions/) and import it all or nothing."""
    bank, problems = load_bank(_path(path))
    try:
        summary = importer.import_bank(bank, problems)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Nothing imported: {len(exc.problems)} error(s).", err=True)
        sys.exit(1)
    click.echo(f"Imported {_path(path)}: {summary.line()}.")


@quiz_cli.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["student", "instructor"]), default="student")
@click.password_option(help="Prompted for when not given; at least 8 characters.")
def create_user(username: str, role: str, password: str) -> None:
    """Create an account."""
    try:
        user = accounts.create_user(username, password, role)
    except BadInput as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    click.echo(f"Created {user.role} '{user.username}'.")


@quiz_cli.command("demo-accounts")
def demo_accounts() -> None:
    """Create the demo student and instructor if they are missing, and print their logins."""
    for role, username, password, created in accounts.ensure_demo_accounts():
        state = "created" if created else "exists"
        click.echo(f"  demo {role:<10} username: {username:<11} password: {password}  ({state})")


@quiz_cli.command("set-extra-time")
@click.argument("username")
@click.argument("multiplier", type=float)
def set_extra_time(username: str, multiplier: float) -> None:
    """Give USERNAME MULTIPLIER x the time limit (e.g. 1.25, 1.5, 2; 1 for none) on attempts
    started from now on."""
    try:
        user = accounts.set_extra_time(username, multiplier)
    except BadInput as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    click.echo(f"'{user.username}' now has {user.extra_time:g}x time on timed quizzes "
               f"(attempts started from now on).")


@quiz_cli.command("close-overdue")
def close_overdue() -> None:
    """Submit every open attempt whose time limit and grace period have passed, with the answers
    saved by then. Safe to run as often as you like (e.g. from cron every minute)."""
    closed = attempts.close_overdue()
    click.echo(f"Closed {len(closed)} overdue attempt(s)"
               + (f": {', '.join(map(str, closed))}." if closed else "."))
