"""`quiz export-user` and `quiz delete-user`: a person's data, as privacy rules require."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..readiness import require_setup
from ..services.accounts import privacy
from ..services.errors import ServiceError
from .group import fail, quiz_cli


@quiz_cli.command("export-user")
@click.argument("username")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON here instead of to standard output.")
def export_user(username: str, output: Path | None) -> None:
    """Everything stored about USERNAME, as JSON (account, sessions, cohorts, progress,
    attempts with every answer, audit events, review cards)."""
    try:
        data = privacy.export_user(username)
    except ServiceError as exc:
        fail(exc)
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote everything stored about '{data['account']['username']}' to {output}.",
               err=True)


@quiz_cli.command("delete-user")
@click.argument("username")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_user(username: str, yes: bool) -> None:
    """Delete USERNAME's account and personal data; their submitted answers stay, anonymised,
    for item statistics. Export first if the person asked for a copy."""
    require_setup()  # before the question, not after the answer
    if not yes:
        click.confirm(f"Delete '{username}' and their personal data for good?", abort=True)
    try:
        pseudonym = privacy.delete_user(username)
    except ServiceError as exc:
        fail(exc)
    click.echo(f"Deleted '{username.strip().lower()}': account, sessions, progress, review "
               f"cards and audit events are gone; submitted answers stay anonymised as "
               f"'{pseudonym}' for item statistics.")
