"""The grade outbox: what each LMS gradebook should hold, written in the transaction that
changed a grade (a submit, an overdue attempt closed, a regrade), then sent by `sender`.

A row per (LMS link, student). Recording a grade that differs from the row's bumps `version`
and makes the row due; an unchanged grade writes nothing, so every change is sent once and
only changes are sent. Sending claims due rows with a lease (`claim`: FOR UPDATE SKIP LOCKED
on PostgreSQL, SQLite's write lock otherwise), so several app servers or a timer job
(`quiz lti send-outbox`) can drain it at once without sending anything twice.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ...database import write_transaction
from ...extensions import db
from ...models import (
    CohortMember,
    LtiContext,
    LtiGradeOutbox,
    LtiPlatform,
    LtiResourceLink,
    LtiUser,
)
from ...models.types import utcnow
from .grades import ScoreToSend, score_to_send

LEASE = timedelta(minutes=10)  # far longer than a send (timeouts of 25 s) takes
MAX_TRIES = 12  # 30 s doubling to 6 h: about a day of an LMS being down before "failed"
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)

# Set when this request queued something, so the web layer sends it after the response.
queued: ContextVar[bool] = ContextVar("lti_outbox_queued", default=False)


@dataclass(frozen=True)
class Job:
    """A claimed row: what to send where, as it was when claimed."""

    id: int
    version: int
    link_id: int
    platform_id: int
    lineitem_url: str | None
    lineitems_url: str | None
    resource_link_id: str
    title: str
    sub: str
    given: float
    maximum: float
    graded_at: datetime
    tries: int
    user_id: int
    quiz_id: int | None


def backoff(tries: int) -> timedelta:
    """How long to wait after the `tries`-th failed try: 30 s, 1 min, 2 min ... at most 6 h."""
    wait: timedelta = FIRST_RETRY * 2 ** min(max(tries - 1, 0), 20)
    return min(wait, LONGEST_WAIT)


def record_grades(now: datetime, *, user_id: int | None = None, quiz_id: int | None = None,
                  link_id: int | None = None, context_id: int | None = None) -> int:
    """Record the current grade of every (LMS link, student) pair the filters select, in the
    caller's write transaction: the students who are members of the link's course and known
    to its LMS. Returns how many rows changed (and so will be sent)."""
    query = (select(LtiResourceLink.id, CohortMember.user_id, LtiResourceLink.quiz_id)
             .join(LtiContext, LtiContext.id == LtiResourceLink.context_id)
             .join(CohortMember, and_(CohortMember.cohort_id == LtiContext.cohort_id,
                                      CohortMember.left_at.is_(None)))
             .join(LtiUser, and_(LtiUser.user_id == CohortMember.user_id,
                                 LtiUser.platform_id == LtiContext.platform_id))
             .where(LtiResourceLink.quiz_id.is_not(None),
                    or_(LtiResourceLink.lineitem_url.is_not(None),
                        LtiResourceLink.lineitems_url.is_not(None))))
    for column, value in ((CohortMember.user_id, user_id), (LtiResourceLink.quiz_id, quiz_id),
                          (LtiResourceLink.id, link_id), (LtiContext.id, context_id)):
        if value is not None:
            query = query.where(column == value)
    pairs = db.session.execute(query.order_by(LtiResourceLink.id, CohortMember.user_id)).all()
    scores: dict[tuple[int, int], ScoreToSend | None] = {}
    changed = 0
    for link, user, quiz in pairs:
        assert quiz is not None  # the query selects links to a quiz
        if (user, quiz) not in scores:
            scores[(user, quiz)] = score_to_send(user, quiz)
        score = scores[(user, quiz)]
        if score is not None and _record(link, user, score, now):
            changed += 1
    if changed:
        queued.set(True)
    return changed


def _record(link_id: int, user_id: int, score: ScoreToSend, now: datetime) -> bool:
    """Upsert one row; True when the grade differs from what the row holds."""
    values = {"link_id": link_id, "user_id": user_id, "score_given": score.given,
              "score_maximum": score.maximum, "graded_at": now, "version": 1,
              "sent_version": 0, "state": "waiting", "tries": 0, "next_try_at": now,
              "last_error": ""}
    insert = (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)
    inserted = db.session.execute(insert(LtiGradeOutbox).values(**values)
                                  .on_conflict_do_nothing(index_elements=["link_id", "user_id"])
                                  .returning(LtiGradeOutbox.id)).first()
    if inserted is not None:
        return True
    row = db.session.scalars(select(LtiGradeOutbox).where(
        LtiGradeOutbox.link_id == link_id, LtiGradeOutbox.user_id == user_id)
        .with_for_update().execution_options(populate_existing=True)).one()
    if (row.score_given, row.score_maximum) == (score.given, score.maximum):
        return False
    row.score_given, row.score_maximum = score.given, score.maximum
    row.graded_at = max(now, row.graded_at)
    row.version += 1
    row.state, row.tries, row.next_try_at, row.last_error = "waiting", 0, now, ""
    return True


def claim(worker: str, now: datetime, limit: int) -> list[Job]:
    """Lease up to `limit` due rows to `worker` and return them (oldest due first). Rows
    another worker holds are skipped, never waited for."""
    with write_transaction():
        ids = list(db.session.scalars(
            select(LtiGradeOutbox.id)
            .join(LtiResourceLink, LtiResourceLink.id == LtiGradeOutbox.link_id)
            .join(LtiContext, LtiContext.id == LtiResourceLink.context_id)
            .join(LtiPlatform, LtiPlatform.id == LtiContext.platform_id)
            .where(LtiGradeOutbox.state == "waiting", LtiGradeOutbox.next_try_at <= now,
                   or_(LtiGradeOutbox.claimed_until.is_(None),
                       LtiGradeOutbox.claimed_until < now),
                   or_(LtiPlatform.unreachable_until.is_(None),
                       LtiPlatform.unreachable_until <= now))
            .order_by(LtiGradeOutbox.next_try_at, LtiGradeOutbox.id).limit(limit)
            .with_for_update(skip_locked=True, of=LtiGradeOutbox)))
        if not ids:
            return []
        db.session.execute(update(LtiGradeOutbox).where(LtiGradeOutbox.id.in_(ids))
                           .values(claimed_by=worker, claimed_until=now + LEASE))
        rows = db.session.execute(
            select(LtiGradeOutbox, LtiResourceLink, LtiContext.platform_id, LtiUser.sub)
            .join(LtiResourceLink, LtiResourceLink.id == LtiGradeOutbox.link_id)
            .join(LtiContext, LtiContext.id == LtiResourceLink.context_id)
            .join(LtiUser, and_(LtiUser.user_id == LtiGradeOutbox.user_id,
                                LtiUser.platform_id == LtiContext.platform_id))
            .where(LtiGradeOutbox.id.in_(ids)).order_by(LtiGradeOutbox.id)).all()
        return [Job(row.id, row.version, link.id, platform_id, link.lineitem_url,
                    link.lineitems_url, link.resource_link_id, link.title, sub,
                    row.score_given, row.score_maximum, row.graded_at, row.tries, row.user_id,
                    link.quiz_id)
                for row, link, platform_id, sub in rows]


def _held(job: Job, worker: str) -> LtiGradeOutbox | None:
    """The job's row, locked, if `worker` still holds its lease."""
    return db.session.scalar(select(LtiGradeOutbox).where(
        LtiGradeOutbox.id == job.id, LtiGradeOutbox.claimed_by == worker)
        .with_for_update().execution_options(populate_existing=True))


def sent(job: Job, worker: str, now: datetime) -> None:
    """The LMS took the job's score: that version is sent (a newer one stays due)."""
    with write_transaction():
        row = _held(job, worker)
        if row is None:
            return
        row.sent_version, row.sent_at = job.version, now
        row.state = "sent" if row.version == job.version else "waiting"
        row.tries, row.last_error, row.next_try_at = 0, "", now
        row.claimed_by = row.claimed_until = None
        _reachable(job.platform_id, None)


def _reachable(platform_id: int, until: datetime | None) -> None:
    """Record that the platform answers (None) or is not to be tried before `until`."""
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is not None and platform.unreachable_until != until:
        platform.unreachable_until = until


def failed(job: Job, worker: str, now: datetime, reason: str, *, retryable: bool,
           counted: bool = True) -> str:
    """The send failed: wait (backing off) or, when trying again cannot help or has been tried
    long enough, mark it failed with the reason. `counted`: False when the job was not tried
    (its LMS was already failing in this run). Returns the row's new state."""
    with write_transaction():
        row = _held(job, worker)
        if row is None:
            return "waiting"
        newer = row.version != job.version  # a new grade came in: it deserves its own tries
        tries = row.tries + (1 if counted else 0)
        give_up = not newer and (not retryable or tries >= MAX_TRIES)
        row.tries, row.last_error = tries, reason[:500]
        row.state = "failed" if give_up else "waiting"
        row.next_try_at = now if newer else now + backoff(max(tries, 1))
        row.claimed_by = row.claimed_until = None
        if retryable and counted:  # the LMS itself failed: its other grades wait as long
            _reachable(job.platform_id, now + backoff(max(tries, 1)))
        return row.state


def hold(job: Job, worker: str, until: datetime, reason: str) -> str:
    """Not sent yet on purpose (the student may not see this result yet): try at `until`.
    Not a failure: no try is counted and the LMS is not marked as failing."""
    with write_transaction():
        row = _held(job, worker)
        if row is not None:
            row.last_error, row.next_try_at = reason[:500], until
            row.claimed_by = row.claimed_until = None
    return "waiting"


def retry_failed(context_id: int, now: datetime | None = None) -> int:
    """Make the course's failed rows due again (an instructor fixed the cause); how many."""
    now = now or utcnow()
    with write_transaction():
        rows = db.session.scalars(
            select(LtiGradeOutbox).join(LtiResourceLink,
                                        LtiResourceLink.id == LtiGradeOutbox.link_id)
            .where(LtiResourceLink.context_id == context_id,
                   LtiGradeOutbox.state == "failed")).all()
        for row in rows:
            row.state, row.tries, row.next_try_at = "waiting", 0, now
        course = db.session.get(LtiContext, context_id)
        if course is not None:
            _reachable(course.platform_id, None)  # the cause was fixed: try it now
    if rows:
        queued.set(True)
    return len(rows)

