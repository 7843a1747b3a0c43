"""Roster sync (Names and Role Provisioning Services): the LMS course's members into its
cohort, on demand (the instructor's button, `quiz lti sync-roster`) and after launches (at
most once an hour per course). New members get accounts, returning ones are brought back,
and members the LMS no longer lists (or lists as inactive) are marked as having left, never
deleted: their attempts and grades stay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import requests
from sqlalchemy import CursorResult, or_, select, update

from ...database import write_transaction
from ...extensions import db
from ...lti.advantage import Connection, Member, ServiceFailure
from ...lti.claims import map_role
from ...lti.http import TimeoutSession
from ...lti.keys import KeyUnreadable
from ...models import CohortInstructor, CohortMember, LtiContext, LtiUser
from ...models.types import utcnow
from ..errors import NotFound
from . import courses, keys, outbox, people
from .registry import active_platform

SYNC_EVERY = timedelta(hours=1)
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class RosterReport:
    members: int = 0  # listed by the LMS with a role we map
    added: int = 0  # new to the cohort
    returned: int = 0  # had left and are back
    left: int = 0  # marked as having left now
    skipped: int = 0  # roles with no place here (observers, mentors)
    error: str = ""


def claim(course_id: int, now: datetime, *, force: bool = False) -> bool:
    """Take the course's roster sync (a lease, in the caller's transaction or its own): False
    when another server holds it, the LMS gave no roster URL, or (unless `force`) the last
    sync is recent."""
    query = update(LtiContext).where(
        LtiContext.id == course_id, LtiContext.memberships_url.is_not(None),
        or_(LtiContext.roster_claimed_until.is_(None), LtiContext.roster_claimed_until < now))
    if not force:
        query = query.where(or_(LtiContext.roster_synced_at.is_(None),
                                LtiContext.roster_synced_at < now - SYNC_EVERY))
    result = cast(CursorResult[Any], db.session.execute(
        query.values(roster_claimed_until=now + LEASE)))
    return result.rowcount == 1


def sync_now(course_id: int, secret: str, http: requests.Session | None = None
             ) -> RosterReport:
    """Claim and sync the course's roster now (NotFound for an unknown course)."""
    now = utcnow()
    http = http or TimeoutSession()
    if db.session.get(LtiContext, course_id) is None:
        raise NotFound("There is no such LMS course.")
    with write_transaction():
        claimed = claim(course_id, now, force=True)
    if not claimed:
        return RosterReport(error="A roster sync of this course is already running, or the LMS "
                                  "gave no roster address for it.")
    return sync(course_id, http, secret)


def sync(course_id: int, http: requests.Session, secret: str) -> RosterReport:
    """Sync a course whose roster this process has claimed; the claim ends either way."""
    try:
        members = _fetch(course_id, http, secret)
        if not members:
            raise ServiceFailure("The LMS sent an empty roster; nothing was changed.",
                                 retryable=True)
    except ServiceFailure as failure:
        with write_transaction():
            course = db.session.get_one(LtiContext, course_id)
            course.roster_error, course.roster_claimed_until = failure.message[:500], None
        return RosterReport(error=failure.message)
    with write_transaction():
        return _apply(db.session.get_one(LtiContext, course_id), members, utcnow())


def _fetch(course_id: int, http: requests.Session, secret: str) -> list[Member]:
    course = db.session.get_one(LtiContext, course_id)
    platform = active_platform(course.platform_id)
    if platform is None or not course.memberships_url:
        raise ServiceFailure("This course's LMS is no longer registered, or gave no roster "
                             "address.", retryable=False)
    try:
        key = keys.current(secret)
    except KeyUnreadable as exc:
        raise ServiceFailure(str(exc), retryable=True) from None
    return list(Connection(platform, key, http).roster(course.memberships_url))


def _apply(course: LtiContext, members: list[Member], now: datetime) -> RosterReport:
    seen: set[int] = set()
    mapped = added = returned = skipped = 0
    for member in members:
        role = map_role(list(member.roles))
        if role is None:
            skipped += 1
            continue
        mapped += 1
        if not member.active:
            continue  # not seen: marked as having left below, if they were here
        user, _ = people.person_for(course.platform_id, member.user_id, member.name, role)
        seen.add(user.id)
        change = courses.enrol(course.cohort_id, user.id, role)
        added += change == "joined"
        returned += change == "returned"
        if change and role == "student":
            outbox.record_grades(now, context_id=course.id, user_id=user.id)
    linked = _linked_people(course)
    left = courses.mark_left(course.cohort_id, linked - seen, now)
    course.roster_synced_at, course.roster_error, course.roster_claimed_until = now, "", None
    return RosterReport(mapped, added, returned, left, skipped)


def _linked_people(course: LtiContext) -> set[int]:
    """The cohort's current members and owners who came from this course's LMS."""
    ids: set[int] = set()
    for model in (CohortMember, CohortInstructor):
        ids.update(db.session.scalars(
            select(model.user_id).join(LtiUser, LtiUser.user_id == model.user_id)
            .where(model.cohort_id == course.cohort_id, model.left_at.is_(None),
                   LtiUser.platform_id == course.platform_id)))
    return ids


def sync_due(secret: str, http: requests.Session | None = None, limit: int = 50
             ) -> list[tuple[str, RosterReport]]:
    """Sync every course whose roster is due (not synced for SYNC_EVERY), each claimed first
    so that several servers running this at once share the work. (course title, report)."""
    http = http or TimeoutSession()
    done = []
    ids = db.session.scalars(select(LtiContext.id).where(
        LtiContext.memberships_url.is_not(None),
        or_(LtiContext.roster_synced_at.is_(None),
            LtiContext.roster_synced_at < utcnow() - SYNC_EVERY))
        .order_by(LtiContext.roster_synced_at.is_not(None), LtiContext.roster_synced_at)
        .limit(limit)).all()
    for course_id in ids:
        with write_transaction():
            claimed = claim(course_id, utcnow())
        if claimed:
            title = db.session.get_one(LtiContext, course_id).title
            done.append((title, sync(course_id, http, secret)))
    return done
