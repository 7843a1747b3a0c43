"""`quiz close-overdue`: the server's clock from cron."""

from __future__ import annotations

import click

from ..services import attempts
from .group import quiz_cli


@quiz_cli.command("close-overdue")
def close_overdue() -> None:
    """Submit every open attempt whose time limit (or its quiz's close) and grace period have
    passed, with the answers saved by then. Safe to run as often as you like (e.g. from cron
    every minute)."""
    closed = attempts.close_overdue()
    click.echo(f"Closed {len(closed)} overdue attempt(s)"
               + (f": {', '.join(map(str, closed))}." if closed else "."))
