"""Background jobs that run once across every app server: each job takes its own lock
(joblock.py) and is skipped where another server is running it at that moment.

    close-overdue      submit attempts whose time (or quiz) ran out, with what was saved
    lti-send-outbox    send the grades waiting for their LMS (services/lti/sender.py)
    lti-sync-rosters   sync the LMS course rosters not synced for an hour

Each job finds its own due work (an overdue attempt, a due outbox row, a roster an hour old),
so "due" needs no schedule table: `quiz run-jobs` from a timer every minute, or `quiz worker`
looping, runs them all. The work inside is safe to overlap anyway (attempts are locked row by
row, outbox rows and rosters are leased); the lock keeps servers from doing the same scan at
the same time and makes "once" hold for a job that did not lease its work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ...extensions import db
from .. import attempts
from ..lti import roster, sender
from .joblock import exclusive

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A named piece of background work: `run(secret)` returns a one-line summary."""

    name: str
    run: Callable[[str], str]
    about: str


@dataclass(frozen=True)
class Outcome:
    """What happened to one job in one run: done, busy (another server holds it) or failed."""

    name: str
    state: Literal["done", "busy", "failed"]
    summary: str


def _close_overdue(_secret: str) -> str:
    closed = attempts.close_overdue()
    return f"closed {len(closed)} overdue attempt(s)"


def _send_outbox(secret: str) -> str:
    report = sender.drain(None, secret)
    return f"{report.sent} grade(s) sent, {report.waiting} waiting, {report.failed} failed"


def _sync_rosters(secret: str) -> str:
    done = roster.sync_due(secret)
    failed = sum(1 for _, report in done if report.error)
    return f"{len(done)} roster(s) synced, {failed} failed"


JOBS: tuple[Job, ...] = (
    Job("close-overdue", _close_overdue, "submit attempts whose time or quiz ran out"),
    Job("lti-send-outbox", _send_outbox, "send the grades waiting for their LMS"),
    Job("lti-sync-rosters", _sync_rosters, "sync LMS rosters not synced for an hour"),
)


def select_jobs(names: Sequence[str], jobs: Sequence[Job] = JOBS) -> list[Job]:
    """The jobs named (all when none is); ValueError naming an unknown one."""
    known = {job.name: job for job in jobs}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"no job named {', '.join(map(repr, unknown))}; the jobs are "
                         f"{', '.join(known)}")
    return [job for job in jobs if not names or job.name in names]


def run_once(secret: str, lock_dir: Path, jobs: Sequence[Job] = JOBS,
             stop: threading.Event | None = None) -> list[Outcome]:
    """Run each job whose lock is free, one after the other; a job that fails is logged and
    rolled back, and the others still run. Stops starting jobs once `stop` is set."""
    outcomes = []
    for job in jobs:
        if stop is not None and stop.is_set():
            break
        outcomes.append(_run(job, secret, lock_dir))
    return outcomes


def _run(job: Job, secret: str, lock_dir: Path) -> Outcome:
    """One job under its lock. Any error (the job's own, or the database being unreachable
    for the lock) is logged and becomes a failed outcome: a worker loop carries on."""
    try:
        with exclusive(job.name, db.engine, lock_dir) as held:
            if not held:
                return Outcome(job.name, "busy", "another server is running it")
            try:
                return Outcome(job.name, "done", job.run(secret))
            finally:
                db.session.remove()  # nothing half-done stays in the session for the next job
    except Exception as exc:
        logger.exception("job %s failed", job.name)
        return Outcome(job.name, "failed", f"{type(exc).__name__}: {exc}")


def work(secret: str, lock_dir: Path, interval: float, stop: threading.Event,
         report: Callable[[list[Outcome]], None], jobs: Sequence[Job] = JOBS) -> int:
    """Run the jobs every `interval` seconds until `stop` is set (SIGTERM): the job under way
    finishes, no new one starts, and the wait between runs ends at once. Returns the runs."""
    runs = 0
    while not stop.is_set():
        report(run_once(secret, lock_dir, jobs, stop))
        runs += 1
        stop.wait(interval)
    return runs
