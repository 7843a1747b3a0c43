"""`quiz run-jobs` (from a systemd timer or cron) and `quiz worker` (a long-running loop): the
background jobs of services/operations/jobs.py, each run by one server at a time."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import click
from flask import current_app

from .. import readiness
from ..extensions import db
from ..readiness import NotConfigured, database_problem
from ..services.operations import jobs
from .group import CommandFailed, quiz_cli


def _chosen(names: tuple[str, ...]) -> list[jobs.Job]:
    try:
        return jobs.select_jobs(names)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--only") from None


def _echo(outcomes: list[jobs.Outcome]) -> None:
    for outcome in outcomes:
        click.echo(f"{outcome.name}: {outcome.state}: {outcome.summary}",
                   err=outcome.state == "failed")


def _settings() -> tuple[str, Path]:
    """The secret and instance folder the jobs need, after checking the setup once: a missing
    SECRET_KEY, an unreachable database or one without tables is one line and exit 2 here.
    (Later, inside the loop, a database out of reach fails that run's jobs, logged, and the
    worker carries on: a restart of PostgreSQL must not end it.)"""
    readiness.require_setup()
    problem = database_problem(db.engine)
    if problem:
        raise NotConfigured(problem)
    return readiness.secret_key(), Path(current_app.instance_path)


ONLY = click.option("--only", "names", multiple=True, metavar="JOB",
                    help="Run only this job (repeat for more): " + ", ".join(
                        job.name for job in jobs.JOBS) + ".")


@quiz_cli.command("run-jobs")
@ONLY
def run_jobs(names: tuple[str, ...]) -> None:
    """Run the background jobs once (from a timer every minute, on one server or all): each
    job another server is running right now is skipped. Exit 1 when a job failed."""
    outcomes = jobs.run_once(*_settings(), _chosen(names))
    _echo(outcomes)
    if any(outcome.state == "failed" for outcome in outcomes):
        raise CommandFailed("error: a job failed (its traceback is in the log above)")


@quiz_cli.command("worker")
@ONLY
@click.option("--interval", type=click.FloatRange(min=1, max=3600), default=60.0,
              show_default=True, help="Seconds between runs.")
def worker(names: tuple[str, ...], interval: float) -> None:
    """Run the background jobs every INTERVAL seconds until stopped. SIGTERM or Ctrl-C: the
    job under way finishes, then the worker exits (systemd's stop waits for it)."""
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        click.echo(f"{signal.Signals(signum).name}: stopping after the job under way")
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, request_stop)
    runs = jobs.work(*_settings(), interval, stop, _echo, _chosen(names))
    click.echo(f"worker stopped after {runs} run(s)")
