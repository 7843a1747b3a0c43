"""`quiz lti ...`: register LMS platforms, rotate the tool's keys, and run the LTI jobs (send
the grade outbox, sync rosters) from a timer. docs/lti.md walks through each LMS."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..readiness import secret_key
from ..services.errors import ServiceError
from ..services.lti import keys, platforms, roster, sender
from ..services.lti.platforms import PlatformInfo, PlatformSettings
from .group import fail, quiz_cli

lti_cli = AppGroup("lti", help="LTI 1.3: LMS platforms, the tool's keys, grade sending.")
quiz_cli.add_command(lti_cli)

TOOL_PATHS = (("OIDC login (initiation) URL", "/lti/login"),
              ("Launch / redirect URL (target link URI)", "/lti/launch"),
              ("Public key set (JWKS) URL", "/lti/jwks"),
              ("Canvas JSON configuration URL", "/lti/canvas.json"))


def _secret() -> str:
    return secret_key()


def _show(info: PlatformInfo) -> None:
    state = " (removed)" if info.removed else ""
    click.echo(f"{info.name}{state}: issuer {info.issuer}, client id {info.client_id}")
    click.echo(f"  login {info.auth_login_url}\n  token {info.auth_token_url}"
               f"{f' (audience {info.token_audience})' if info.token_audience else ''}\n"
               f"  keys  {info.key_set_url}")
    click.echo(f"  deployments: {', '.join(info.deployment_ids) or 'none'}")
    click.echo(f"  may frame quizapp: {', '.join(info.frame_origins) or 'nobody yet'}")
    click.echo(f"  {info.people} people, {info.courses} courses")


@lti_cli.command("add-platform")
@click.argument("name")
@click.option("--issuer", help="The LMS's issuer (iss), e.g. https://canvas.instructure.com.")
@click.option("--client-id", help="The client id the LMS gave the tool.")
@click.option("--login-url", help="The LMS's OIDC authorisation (login) endpoint.")
@click.option("--token-url", help="The LMS's OAuth2 access token endpoint.")
@click.option("--keyset-url", help="The LMS's public key set (JWKS) URL.")
@click.option("--token-audience", help="The `aud` the token endpoint wants, when it is not "
                                       "the token URL (Brightspace).")
@click.option("--deployment", "deployments", multiple=True,
              help="A deployment id launches may come from (repeat for more).")
@click.option("--frame-origin", "frame_origins", multiple=True,
              help="An LMS address whose pages may frame quizapp, e.g. "
                   "https://school.instructure.com (repeat for more).")
@click.option("--update", is_flag=True, help="Change an existing platform: given values "
                                             "replace, deployments and origins are added.")
@click.option("--base-url", default="", help="quizapp's public address, to print the URLs to "
                                             "give the LMS (e.g. https://quiz.school.edu).")
def add_platform(name: str, issuer: str | None, client_id: str | None, login_url: str | None,
                 token_url: str | None, keyset_url: str | None, token_audience: str | None,
                 deployments: tuple[str, ...], frame_origins: tuple[str, ...], update: bool,
                 base_url: str) -> None:
    """Register the LMS NAME (or change it with --update)."""
    try:
        info = platforms.add_platform(PlatformSettings(
            name, issuer, client_id, login_url, token_url, keyset_url, token_audience,
            deployments, frame_origins), update=update)
    except ServiceError as exc:
        fail(exc)
    made = keys.ensure_key(_secret())
    click.echo(f"{'Updated' if update else 'Registered'} platform '{info.name}'.")
    _show(info)
    if made is not None:
        click.echo(f"Made the tool's first signing key ({made.kid}).")
    for hint in platforms.hints(info):
        click.echo(f"note: {hint}")
    _print_tool_urls(base_url)


def _print_tool_urls(base_url: str) -> None:
    base = base_url.rstrip("/") or "https://<quizapp's address>"
    click.echo("Give the LMS these tool URLs:")
    for label, path in TOOL_PATHS:
        click.echo(f"  {label}: {base}{path}")


@lti_cli.command("list")
@click.option("--base-url", default="", help="quizapp's public address, for the tool URLs.")
def list_platforms(base_url: str) -> None:
    """The registered LMS platforms, their deployments and what they may frame."""
    found = platforms.list_platforms()
    for info in found:
        _show(info)
    if not found:
        click.echo("No LMS platform is registered yet (quiz lti add-platform).")
    _print_tool_urls(base_url)


@lti_cli.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Refuse NAME's launches from now on (its people, courses and grades are kept)."""
    try:
        info = platforms.remove_platform(name)
    except ServiceError as exc:
        fail(exc)
    click.echo(f"Removed platform '{info.name}': its launches are refused from now on; "
               f"{info.people} accounts and {info.courses} courses are kept.")


@lti_cli.command("rotate-key")
def rotate_key() -> None:
    """Make a new signing key (the first one, or a replacement); the previous one stays
    published at /lti/jwks so that what it signed still verifies."""
    made = keys.rotate(secret=_secret())
    click.echo(f"New signing key {made.kid}. LMSs fetch it from /lti/jwks by themselves.")


@lti_cli.command("keys")
def list_keys() -> None:
    """The tool's keys: the one that signs, the one still published, the retired ones."""
    found = keys.list_keys()
    for key in found:
        click.echo(f"{key.kid}  {key.state:<9}  made {key.created_at:%Y-%m-%d %H:%M} UTC")
    if not found:
        click.echo("No key yet: `quiz lti rotate-key` makes the first one.")


@lti_cli.command("send-outbox")
@click.option("--limit", default=500, show_default=True, help="Send at most this many.")
def send_outbox(limit: int) -> None:
    """Send the grades waiting for their LMS (safe to run on several servers at once; run it
    every minute from a timer)."""
    report = sender.drain(None, _secret(), limit=limit)
    click.echo(f"{report.sent} sent, {report.waiting} waiting to be tried again, "
               f"{report.failed} failed.")
    for reason in report.reasons:
        click.echo(f"  {reason}")


@lti_cli.command("sync-rosters")
def sync_rosters() -> None:
    """Sync the rosters of the LMS courses not synced within the last hour."""
    done = roster.sync_due(_secret())
    for title, report in done:
        click.echo(f"{title}: " + (f"failed: {report.error}" if report.error else
                                   f"{report.members} people, {report.added} new, "
                                   f"{report.returned} back, {report.left} left"))
    if not done:
        click.echo("No roster is due.")
