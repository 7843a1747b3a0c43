"""What the app needs before it touches the database or serves a page, checked when it is
needed rather than when the app is made.

Checking YAML (`quiz validate`, `quiz lint`, `quiz convert`, `quiz export`) needs neither a
secret nor a database, so create_app no longer refuses an incomplete configuration: it records
the problem (`setup_problem`) and every path that needs what is missing refuses with one line:
- a web request: 503, and the problem in the log (wsgi.py refuses to start at all);
- a database connection: `NotConfigured`, which the `quiz` commands print as one line, exit 2;
- the secret: `secret_key()`.
A database that cannot be reached or has no tables yet is diagnosed once a command fails on it
(`database_problem`), so commands pay nothing for the check when all is well.
"""

from __future__ import annotations

from typing import IO, Any

import click
from flask import Flask, Response, current_app
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from .extensions import db

MISSING_SECRET = ("SECRET_KEY is not set: set it (or QUIZAPP_ENV=development to try quizapp "
                  "on this machine with SQLite under instance/); `quiz validate` and "
                  "`quiz lint` need neither")
# Flask-SQLAlchemy makes its engine in init_app: an unusable DATABASE_URL is swapped for this
# one, which is never connected to (the engine refuses, naming the real problem).
PLACEHOLDER_URL = "sqlite://"
_KEY = "quizapp.setup_problem"


class NotConfigured(click.ClickException):
    """The configuration lacks what this needs: one line on stderr, exit 2 (a usage error:
    the command was fine, the environment around it was not)."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


def database_url_problem(url: str) -> str | None:
    """Why SQLAlchemy cannot use `url` (unparsable, unknown database, driver missing), as one
    line that never shows a password; None when it can."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return ("DATABASE_URL is not a database URL (e.g. postgresql+psycopg://user:password@"
                "host:5432/quizapp or sqlite:////srv/quizapp/quizapp.sqlite)")
    try:
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError:
        return (f"DATABASE_URL names {parsed.drivername!r}, which is no database quizapp "
                "knows: use postgresql+psycopg://... or sqlite:///...")
    except ImportError as exc:
        return (f"DATABASE_URL needs the Python driver {exc.name or parsed.drivername!r}, "
                "which is not installed: use postgresql+psycopg://... (installed with quizapp)")
    return None


def record(app: Flask, problem: str | None) -> None:
    """Remember what stops `app` from using its database or serving pages (None: nothing),
    and make its engine refuse to connect while it lasts."""
    app.extensions[_KEY] = problem
    if problem is None:
        return
    with app.app_context():
        @event.listens_for(db.engine, "do_connect")
        def _refuse(*_args: object) -> None:
            raise NotConfigured(problem)


def setup_problem(app: Flask) -> str | None:
    """What stops `app` from using its database or serving pages, as one line; None when its
    configuration is complete."""
    problem: str | None = app.extensions.get(_KEY)
    return problem


def refuse_requests(app: Flask) -> None:
    """Answer every request with 503 while `app`'s configuration is incomplete (a server
    started some other way than wsgi.py, e.g. `flask run`), and say why in the log."""

    @app.before_request
    def _not_configured() -> Response | None:
        problem = setup_problem(app)
        if problem is None:
            return None
        app.logger.error("quizapp is not configured: %s", problem)
        return Response("This site is not configured yet; its log says what is missing.\n",
                        status=503, mimetype="text/plain")


def secret_key() -> str:
    """The app's SECRET_KEY; NotConfigured when there is none."""
    key = current_app.config.get("SECRET_KEY")
    if not key:
        raise NotConfigured(MISSING_SECRET)
    return str(key)


def require_setup() -> None:
    """NotConfigured unless the current app's configuration is complete: for a command to
    call before it asks a question whose answer it could not act on."""
    problem = current_app.extensions.get(_KEY)
    if problem:
        raise NotConfigured(problem)


def database_url() -> str:
    """The database URL of a complete configuration (for code that opens the database
    without the engine: backups); NotConfigured otherwise."""
    require_setup()
    return str(current_app.config["SQLALCHEMY_DATABASE_URI"])


def shown_url(url: str) -> str:
    """`url` fit to print: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(DATABASE_URL)"


def database_problem(engine: Engine) -> str | None:
    """After a database error: whether it is because the database cannot be reached or has
    no quizapp tables yet (a setup problem, one line), or None (a real error)."""
    where = shown_url(engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        check = ("that its folder exists and is writable" if engine.dialect.name == "sqlite"
                 else "that the database server is running and accepts this login")
        return f"cannot open the database at {where} ({reason}): check DATABASE_URL and {check}"
    missing = sorted(set(db.metadata.tables) - tables)
    if missing:
        what = "has no quizapp tables yet" if len(missing) == len(db.metadata.tables) else \
            f"lacks {len(missing)} of quizapp's tables (e.g. {missing[0]})"
        return f"the database at {where} {what}: run `flask --app quizapp db upgrade` first"
    return None
