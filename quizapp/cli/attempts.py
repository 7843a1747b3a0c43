"""`quiz close-overdue`: the server's clock from cron."""

from __future__ import annotations

import click

from ..services import attempts
from .group import quiz_cli
from .progress import progress_bar, quiet_option


@quiz_cli.command("close-overdue")
@quiet_option
def close_overdue(quiet: bool) -> None:
    """Submit every open attempt whose time limit (or its quiz's close) and grace period have
    passed, with the answers saved by then. Safe to run as often as you like (e.g. from cron
    every minute)."""
    with progress_bar("Closing overdue attempts", quiet) as progress:
        closed = attempts.close_overdue(progress=progress)
    click.echo(f"Closed {len(closed)} overdue attempt(s)"
               + (f": {', '.join(map(str, closed))}." if closed else "."))
