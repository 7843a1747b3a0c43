"""`quiz create-user`, `quiz demo-accounts`, `quiz set-extra-time` and `quiz reset-password`:
accounts from the command line."""

from __future__ import annotations

import click

from ..services.accounts import passwords, users
from ..services.errors import BadInput, ServiceError
from .group import fail, quiz_cli


@quiz_cli.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["student", "instructor"]), default="student")
@click.password_option(help="Prompted for when not given; at least 8 characters, not a "
                            "common password.")
def create_user(username: str, role: str, password: str) -> None:
    """Create an account."""
    try:
        user = users.create_user(username, password, role)
    except BadInput as exc:
        fail(exc)
    click.echo(f"Created {user.role} '{user.username}'.")


@quiz_cli.command("demo-accounts")
def demo_accounts() -> None:
    """Create the demo student and instructor if they are missing, and print their logins."""
    for role, username, password, created in users.ensure_demo_accounts():
        state = "created" if created else "exists"
        click.echo(f"  demo {role:<10} username: {username:<11} password: {password}  ({state})")


@quiz_cli.command("set-extra-time")
@click.argument("username")
@click.argument("multiplier", type=float)
def set_extra_time(username: str, multiplier: float) -> None:
    """Give USERNAME MULTIPLIER x the time limit (e.g. 1.25, 1.5, 2; 1 for none) on attempts
    started from now on."""
    try:
        user = users.set_extra_time(username, multiplier)
    except BadInput as exc:
        fail(exc)
    click.echo(f"'{user.username}' now has {user.extra_time:g}x time on timed quizzes "
               f"(attempts started from now on).")


@quiz_cli.command("reset-password")
@click.argument("username")
def reset_password(username: str) -> None:
    """Give USERNAME (any account) a temporary password, printed once; they choose their own
    at the next login. Every session of the account ends."""
    try:
        user, temporary = passwords.reset_by_username(username)
    except ServiceError as exc:
        fail(exc)
    click.echo(f"Temporary password for '{user.username}': {temporary}")
    click.echo(f"It works for {passwords.TEMPORARY_LIFETIME.days} days; at the next login "
               f"'{user.username}' must choose a new password. Every session was ended.")
