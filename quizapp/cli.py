"""The `flask --app quizapp quiz ...` commands. Exit codes: 0 fine, 1 content or input errors,
2 usage errors (click's own)."""

from __future__ import annotations

import getpass
import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from .content import ContentError, Problem
from .content.lint import lint_bank
from .services import accounts, attempts, importer, regrade
from .services.errors import BadInput, ServiceError
from .services.validation import validate_bank


def _path(path: str | None) -> str:
    return path or current_app.config["QUESTIONS_PATH"]


quiz_cli = AppGroup("quiz", help="Manage course content, accounts and results.")


@quiz_cli.command("validate")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json prints a list of {file, line, col, message, severity}.")
def validate(path: str | None, fmt: str) -> None:
    """Check every file under PATH (default: questions/) and report every error at once."""
    bank, problems = validate_bank(_path(path))
    _report(problems, fmt, f"{len(problems)} problem(s); {len(bank.modules)} module(s), "
                           f"{len(bank.questions())} question(s) read.")
    sys.exit(1 if _count(problems, "error") else 0)


@quiz_cli.command("lint")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json prints a list of {file, line, col, message, severity}.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (for CI).")
def lint(path: str | None, fmt: str, strict: bool) -> None:
    """Warn about item-writing flaws in PATH (default: questions/); errors are shown too."""
    bank, problems = validate_bank(_path(path))
    problems = sorted(problems + lint_bank(bank))
    errors, warnings = _count(problems, "error"), _count(problems, "warning")
    _report(problems, fmt, f"{warnings} warning(s), {errors} error(s) in "
                           f"{len(bank.questions())} question(s).")
    sys.exit(1 if errors or (strict and warnings) else 0)


@quiz_cli.command("import")
@click.argument("path", required=False)
def import_command(path: str | None) -> None:
    """Validate PATH (default: questions/) and import it all or nothing."""
    bank, problems = validate_bank(_path(path))
    try:
        summary = importer.import_bank(bank, problems)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Nothing imported: {len(exc.problems)} error(s).", err=True)
        sys.exit(1)
    except IntegrityError as exc:  # e.g. two imports at once on PostgreSQL: one loses
        click.echo(f"Nothing imported: the database refused a change ({exc.orig}). Was another "
                   "import running? Run this again.", err=True)
        sys.exit(1)
    click.echo(f"Imported {_path(path)}: {summary.line()}.")
    # Every change and retirement matters; a first import's additions are just the bank.
    added = summary.added if len(summary.added) <= 20 else [
        *summary.added[:10], f"and {len(summary.added) - 10} more"]
    for label, ids in (("added", added), ("changed", summary.changed),
                       ("retired", summary.retired)):
        if ids:
            click.echo(f"  {label}: {', '.join(ids)}")
    for qid, count in regrade.pending(summary.changed).items():
        click.echo(f"  note: {count} submitted response(s) to '{qid}' keep the older version "
                   f"they were scored against; to rescore them on purpose run "
                   f"`flask --app quizapp quiz regrade {qid}`")


@quiz_cli.command("regrade")
@click.argument("question_id")
@click.option("--dry-run", is_flag=True, help="Show what would change; save nothing.")
@click.option("--by", "actor", default=None,
              help="Who is regrading, for the record (default: your login name).")
def regrade_command(question_id: str, dry_run: bool, actor: str | None) -> None:
    """Rescore submitted responses to older versions of QUESTION_ID against its current one."""
    try:
        report = regrade.regrade_question(question_id, actor or _login_name(), dry_run=dry_run)
    except ServiceError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    for line in _regrade_lines(report):
        click.echo(line)
    for reason in report.skipped:
        click.echo(f"skipped {reason}", err=True)
    sys.exit(1 if report.skipped else 0)


def _regrade_lines(report: regrade.RegradeReport) -> list[str]:
    if not report.responses and not report.skipped:
        lines = [f"Nothing to regrade: no submitted response to '{report.question_id}' was "
                 "scored against an older version."]
    else:
        saved = " (dry run: nothing saved)" if report.dry_run else ""
        lines = [f"Regrading '{report.question_id}' against version {report.version}{saved}:"]
        for a in report.attempts:
            change = (f"{a.old_earned}/{a.old_possible} -> {a.new_earned}/{a.new_possible} "
                      f"points, {_passed(a.old_passed)} -> {_passed(a.new_passed)}"
                      if a.changed else f"{a.new_earned}/{a.new_possible} points (no change)")
            lines.append(f"  attempt {a.attempt_id} by {a.username} ({a.quiz_title}): {change}")
        changed = sum(1 for a in report.attempts if a.changed)
        lines.append(f"Rescored {report.responses} response(s) in {len(report.attempts)} "
                     f"attempt(s); {changed} attempt score(s) changed.")
    if report.open_attempts:
        lines.append(f"Note: {report.open_attempts} open attempt(s) still use an older version; "
                     "run this again after they are submitted.")
    return lines


def _passed(passed: bool) -> str:
    return "passed" if passed else "not passed"


def _report(problems: list[Problem], fmt: str, summary: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in problems], indent=2))
        return
    for problem in problems:
        click.echo(str(problem))
    click.echo(summary, err=True)


def _count(problems: list[Problem], severity: str) -> int:
    return sum(1 for p in problems if p.severity == severity)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


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


from . import cli_reports  # noqa: E402,F401  (registers export-grades, export-responses, stats)
