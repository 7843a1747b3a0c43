"""What an instructor sees of their LMS courses: the roster with who has left, each link, and
every grade the outbox holds for the LMS, with its state (sent, waiting, sending, failed)
and, when it is not sent, why. Read models built with a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...models import (
    Cohort,
    CohortInstructor,
    CohortMember,
    LtiContext,
    LtiGradeOutbox,
    LtiPlatform,
    LtiResourceLink,
    LtiUser,
    User,
)
from ...models.types import utcnow
from ..accounts.cohorts import live_account, owned_by
from ..errors import NotFound


@dataclass(frozen=True)
class CourseSummary:
    id: int
    title: str
    platform: str
    cohort_id: int
    roster_synced_at: datetime | None
    roster_error: str
    states: dict[str, int]  # grade rows by state


@dataclass(frozen=True)
class Person:
    user_id: int
    username: str
    name: str
    role: str  # student or instructor (in this course)
    left_at: datetime | None


@dataclass(frozen=True)
class LinkRow:
    title: str
    target: str
    graded: bool  # has (or may make) a gradebook column


@dataclass(frozen=True)
class GradeRow:
    student: str
    item: str
    score: str
    state: str  # sent, waiting, sending, failed
    graded_at: datetime
    sent_at: datetime | None
    next_try_at: datetime | None
    tries: int
    reason: str


@dataclass(frozen=True)
class CoursePage:
    course: CourseSummary
    people: tuple[Person, ...]
    links: tuple[LinkRow, ...]
    grades: tuple[GradeRow, ...]


def _state(row: LtiGradeOutbox, now: datetime) -> str:
    if row.state == "waiting" and row.claimed_until is not None and row.claimed_until > now:
        return "sending"
    return row.state


def courses_of(instructor_id: int) -> list[CourseSummary]:
    """The LMS courses whose cohort the instructor owns, by title."""
    rows = db.session.execute(
        select(LtiContext, LtiPlatform.name).join(LtiPlatform)
        .join(Cohort, Cohort.id == LtiContext.cohort_id).where(owned_by(instructor_id))
        .order_by(LtiContext.title, LtiContext.id)).all()
    counts: Counter[tuple[int, str]] = Counter()
    now = utcnow()
    for course_id, row in db.session.execute(
            select(LtiResourceLink.context_id, LtiGradeOutbox)
            .join(LtiResourceLink, LtiResourceLink.id == LtiGradeOutbox.link_id)
            .where(LtiResourceLink.context_id.in_([c.id for c, _ in rows]))):
        counts[(course_id, _state(row, now))] += 1
    return [CourseSummary(c.id, c.title, name, c.cohort_id, c.roster_synced_at, c.roster_error,
                          {s: counts[(c.id, s)] for s in ("sent", "waiting", "sending",
                                                          "failed")})
            for c, name in rows]


def require_owned(instructor_id: int, course_id: int) -> None:
    """NotFound unless the course's cohort is the instructor's."""
    if db.session.scalar(select(LtiContext.id).join(Cohort, Cohort.id == LtiContext.cohort_id)
                         .where(LtiContext.id == course_id, owned_by(instructor_id))) is None:
        raise NotFound("There is no such LMS course among yours.")


def course_page(instructor_id: int, course_id: int) -> CoursePage:
    """One of the instructor's LMS courses in full; NotFound if it is not theirs."""
    course = next((c for c in courses_of(instructor_id) if c.id == course_id), None)
    if course is None:
        raise NotFound("There is no such LMS course among yours.")
    context = db.session.get_one(LtiContext, course_id)
    names = dict(db.session.execute(select(LtiUser.user_id, LtiUser.name).where(
        LtiUser.platform_id == context.platform_id)).all())
    people = [Person(uid, username, names.get(uid, ""), role, left)
              for role, model in (("instructor", CohortInstructor), ("student", CohortMember))
              for uid, username, left in db.session.execute(
                  select(User.id, User.username, model.left_at)
                  .join(model, model.user_id == User.id)
                  .where(model.cohort_id == context.cohort_id, live_account()))]
    people.sort(key=lambda p: (p.role != "instructor", p.left_at is not None,
                               (p.name or p.username).lower()))
    links = db.session.scalars(select(LtiResourceLink).where(
        LtiResourceLink.context_id == course_id).order_by(LtiResourceLink.title)).all()
    now = utcnow()
    grades = [GradeRow(names.get(uid) or username, link.title or link.target,
                       f"{row.score_given:g} / {row.score_maximum:g}", _state(row, now),
                       row.graded_at, row.sent_at,
                       row.next_try_at if row.state == "waiting" else None, row.tries,
                       row.last_error)
              for row, link, uid, username in db.session.execute(
                  select(LtiGradeOutbox, LtiResourceLink, User.id, User.username)
                  .join(LtiResourceLink, LtiResourceLink.id == LtiGradeOutbox.link_id)
                  .join(User, User.id == LtiGradeOutbox.user_id)
                  .where(LtiResourceLink.context_id == course_id))]
    order = {"failed": 0, "waiting": 1, "sending": 2, "sent": 3}
    grades.sort(key=lambda g: (order[g.state], g.student.lower(), g.item))
    return CoursePage(course, tuple(people),
                      tuple(LinkRow(link.title or link.target, link.target,
                                    bool(link.lineitem_url or link.lineitems_url))
                            for link in links), tuple(grades))
