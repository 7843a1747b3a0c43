"""`quiz validate`, `quiz lint`, `quiz import` and `quiz regrade`: the question bank from the
command line."""

from __future__ import annotations

import getpass
import json

import click
from sqlalchemy.exc import IntegrityError

from ..content import ContentError, Problem
from ..content.lint import lint_bank
from ..content.validation import validate_bank
from ..services.authoring import importer, regrade
from ..services.errors import ServiceError
from .group import CommandFailed, bank_path, fail, quiz_cli
from .progress import progress_bar, quiet_option


@quiz_cli.command("validate")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json prints a list of {file, line, col, message, severity}.")
def validate(path: str | None, fmt: str) -> None:
    """Check every file under PATH (default: questions/) and report every error at once."""
    bank, problems = validate_bank(bank_path(path))
    _report(problems, fmt, f"{len(problems)} problem(s); {len(bank.modules)} module(s), "
                           f"{len(bank.questions())} question(s) read.")
    if _count(problems, "error"):
        raise click.exceptions.Exit(1)


@quiz_cli.command("lint")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="json prints a list of {file, line, col, message, severity}.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (for CI).")
def lint(path: str | None, fmt: str, strict: bool) -> None:
    """Warn about item-writing flaws in PATH (default: questions/); errors are shown too."""
    bank, problems = validate_bank(bank_path(path))
    problems = sorted(problems + lint_bank(bank))
    errors, warnings = _count(problems, "error"), _count(problems, "warning")
    _report(problems, fmt, f"{warnings} warning(s), {errors} error(s) in "
                           f"{len(bank.questions())} question(s).")
    if errors or (strict and warnings):
        raise click.exceptions.Exit(1)


@quiz_cli.command("import")
@click.argument("path", required=False)
@quiet_option
def import_command(path: str | None, quiet: bool) -> None:
    """Validate PATH (default: questions/) and import it all or nothing."""
    bank, problems = validate_bank(bank_path(path))
    try:
        with progress_bar("Importing questions", quiet) as progress:
            summary = importer.import_bank(bank, problems, progress=progress)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise CommandFailed(f"Nothing imported: {len(exc.problems)} error(s).") from exc
    except IntegrityError as exc:  # e.g. two imports at once on PostgreSQL: one loses
        raise CommandFailed(f"Nothing imported: the database refused a change ({exc.orig}). "
                            "Was another import running? Run this again.") from exc
    click.echo(f"Imported {bank_path(path)}: {summary.line()}.")
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
@quiet_option
def regrade_command(question_id: str, dry_run: bool, actor: str | None, quiet: bool) -> None:
    """Rescore submitted responses to older versions of QUESTION_ID against its current one."""
    try:
        with progress_bar("Rescoring responses", quiet) as progress:
            report = regrade.regrade_question(question_id, actor or _login_name(),
                                              dry_run=dry_run, progress=progress)
    except ServiceError as exc:
        fail(exc)
    for line in _regrade_lines(report):
        click.echo(line)
    for reason in report.skipped:
        click.echo(f"skipped {reason}", err=True)
    if report.skipped:
        raise click.exceptions.Exit(1)


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
