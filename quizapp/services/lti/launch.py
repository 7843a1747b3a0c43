"""Accepting a validated launch: use its nonce, link the person to an account, mirror the
course as a cohort, record the link, and say where the person lands. One write transaction:
a launch refused here (a replayed nonce) leaves no trace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from ...database import write_transaction
from ...extensions import db
from ...lti.claims import RESOURCE_LAUNCH, Launch
from ...lti.refusals import LaunchError
from ...models import LtiPlatform, User
from ...models.types import utcnow
from . import courses, links, nonces, outbox, people, roster
from .catalog import Target, resolve
from .platforms import MAX_FRAME_ORIGINS

REPLAYED = ("This launch was already used, or its login has expired: each launch from the LMS "
            "works once. Open the link again from the LMS.")


@dataclass(frozen=True)
class Landing:
    """Who the launch logged in and where they go next."""

    user: User
    course_id: int | None  # the LtiContext, when the launch came from a course
    target: Target | None  # the lesson or quiz the link opens
    deep_linking: bool
    sync_roster: bool  # this launch claimed the course's roster sync (run after responding)
    frame_origins: tuple[str, ...]  # who may frame our pages for this person's session
    note: str = ""


def accept(launch: Launch, now: datetime | None = None, *, claim_roster: bool = True
           ) -> Landing:
    """Accept the launch (LaunchError 403 if its nonce was already used or has expired, or a
    deep linking request comes from someone who is not an instructor)."""
    if launch.message_type != RESOURCE_LAUNCH and launch.role != "instructor":
        raise LaunchError(403, "Only the course's instructors can add quizapp lessons and "
                               "quizzes to the course.")
    now = now or utcnow()
    try:
        return _accept(launch, now, claim_roster)
    except IntegrityError:
        # Two first launches of the same person (or course) at once: the other one made the
        # rows; this one, tried again, finds them.
        return _accept(launch, now, claim_roster)


def _accept(launch: Launch, now: datetime, claim_roster: bool) -> Landing:
    with write_transaction():
        if not nonces.use(launch.nonce, launch.platform_id, now):
            raise LaunchError(403, REPLAYED)
        user, _ = people.person_for(launch.platform_id, launch.sub, launch.name, launch.role,
                                    now)
        target = resolve(launch.target) if launch.target else None
        note = ("" if target is not None or not launch.target else
                f"The LMS link points to '{launch.target[:80]}', which is no longer in the "
                "course; here is your dashboard.")
        course_id, sync = None, False
        if launch.context is not None:
            course, _ = courses.course_for(launch.platform_id, launch.context,
                                           launch.deployment_id, launch.memberships_url)
            course_id = course.id
            joined = courses.enrol(course.cohort_id, user.id, launch.role)
            if launch.message_type == RESOURCE_LAUNCH:
                link, fresh = links.link_for(course.id, launch, target)
                if fresh:
                    outbox.record_grades(now, link_id=link.id)
            if joined and launch.role == "student":
                outbox.record_grades(now, context_id=course.id, user_id=user.id)
            sync = claim_roster and roster.claim(course.id, now)
        origins = _frame_origins(launch.platform_id, launch.frame_origin)
        return Landing(user, course_id, target,
                       launch.message_type != RESOURCE_LAUNCH, sync, origins, note)


def _frame_origins(platform_id: int, seen: str | None) -> tuple[str, ...]:
    """The platform's frame origins, learning the one its signed launch came from."""
    platform = db.session.get_one(LtiPlatform, platform_id)
    known = list(platform.frame_origins or [])
    if seen and seen not in known and len(known) < MAX_FRAME_ORIGINS:
        platform.frame_origins = [*known, seen]
    return tuple(platform.frame_origins or ())
