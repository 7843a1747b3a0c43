"""Draining the grade outbox: claim due rows, post each score to its LMS, record the outcome.

Safe to run from any number of app servers at once (after a response, `quiz lti send-outbox`
from a timer): a row is leased to one sender at a time. A failure that may pass (the LMS is
down, slow or busy) waits with a growing delay; after the first such failure for an LMS in a
run, that LMS's other rows wait too instead of each timing out.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import requests

from ...lti.advantage import Connection, Score, ServiceFailure
from ...lti.http import TimeoutSession
from ...lti.keys import KeyUnreadable
from ...models.types import utcnow
from . import grades, keys, links, outbox
from .registry import active_platform

BATCH = 20


class _Busy(Exception):
    """Another sender is busy with what this job needs: try it again shortly, uncounted."""


@dataclass
class DrainReport:
    sent: int = 0
    waiting: int = 0
    failed: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.sent + self.waiting + self.failed


def worker_name() -> str:
    """Who holds a lease: this host and process, and a random part per run."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(4)}"


def drain(http: requests.Session | None, secret: str, *, limit: int = 500,
          clock: Callable[[], datetime] = utcnow) -> DrainReport:
    """Send up to `limit` due scores; what happened to them."""
    http = http or TimeoutSession()
    worker, report = worker_name(), DrainReport()
    run = _Run(http, secret, worker, clock)
    while report.total < limit:
        jobs = outbox.claim(worker, clock(), min(BATCH, limit - report.total))
        if not jobs:
            break
        for job in jobs:
            state, reason = run.send(job)
            setattr(report, state, getattr(report, state) + 1)
            if reason and reason not in report.reasons:
                report.reasons.append(reason)
    return report


class _Run:
    def __init__(self, http: requests.Session, secret: str, worker: str,
                 clock: Callable[[], datetime]) -> None:
        self.http, self.secret, self.worker, self.clock = http, secret, worker, clock
        self.connections: dict[int, Connection] = {}
        self.down: dict[int, str] = {}  # platform id -> why it failed in this run

    def send(self, job: outbox.Job) -> tuple[str, str]:
        """Try one job; (its new state, the reason when not sent)."""
        held = grades.held_back(job.user_id, job.quiz_id, self.clock())
        if held is not None:
            until, reason = held
            return outbox.hold(job, self.worker, until, reason), reason
        if job.platform_id in self.down:
            reason = self.down[job.platform_id]
            return outbox.failed(job, self.worker, self.clock(), reason, retryable=True,
                                 counted=False), reason
        try:
            connection = self._connection(job.platform_id)
            url = job.lineitem_url or self._lineitem(connection, job)
            connection.post_score(url, Score(job.sub, job.given, job.maximum, job.graded_at))
        except _Busy as busy:
            return outbox.failed(job, self.worker, self.clock(), str(busy), retryable=True,
                                 counted=False), str(busy)
        except ServiceFailure as failure:
            if failure.retryable:
                self.down[job.platform_id] = failure.message
            return outbox.failed(job, self.worker, self.clock(), failure.message,
                                 retryable=failure.retryable), failure.message
        outbox.sent(job, self.worker, self.clock())
        return "sent", ""

    def _connection(self, platform_id: int) -> Connection:
        if platform_id not in self.connections:
            platform = active_platform(platform_id)
            if platform is None:
                raise ServiceFailure("This LMS was removed from quizapp's registrations.",
                                     retryable=False)
            try:
                key = keys.current(self.secret)
            except KeyUnreadable as exc:
                raise ServiceFailure(str(exc), retryable=True) from None
            self.connections[platform_id] = Connection(platform, key, self.http)
        return self.connections[platform_id]

    def _lineitem(self, connection: Connection, job: outbox.Job) -> str:
        """The link's line item, asked of the LMS (made if needed) by one sender at a time."""
        if job.lineitems_url is None:
            raise ServiceFailure("The LMS gave this link no gradebook column.", retryable=False)
        if not links.claim_lineitem(job.link_id, self.clock()):
            found = links.lineitem_of(job.link_id)
            if found:
                return found
            raise _Busy("Another server is asking the LMS for this link's gradebook column.")
        url = None
        try:
            url = connection.lineitem_for(job.lineitems_url, job.resource_link_id,
                                          job.title or "quizapp", job.maximum, "quizapp")
        finally:
            links.release_lineitem(job.link_id, url)
        return url
