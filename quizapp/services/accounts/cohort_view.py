"""One cohort's page, ready for the template: its members with when they joined, its teachers,
where its students may move, and its audit log in words. Only for an instructor who owns or
co-teaches it (NotFound otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from ...extensions import db
from ...models import AuditEvent, Cohort, CohortInstructor, CohortMember, Quiz, User
from .cohort_admin import allowed, managed
from .cohorts import format_code, live_account, owned_by

LOG_LIMIT = 100  # the most recent events shown on the page


@dataclass(frozen=True)
class Member:
    user_id: int
    username: str
    joined_at: datetime
    left_at: datetime | None  # an LMS course's student the roster no longer lists


@dataclass(frozen=True)
class Teacher:
    user_id: int
    username: str
    owner: bool
    since: datetime


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    actor: str
    text: str


@dataclass(frozen=True)
class CohortPage:
    id: int
    name: str
    code: str
    created_at: datetime
    archived_at: datetime | None
    from_lms: bool  # an LMS course's cohort: no owner; its name and people come from the LMS
    is_owner: bool  # the viewer created it (co-teachers are not owners)
    allowed: frozenset[str]  # what the viewer may do now: cohort_admin.ACTIONS
    members: tuple[Member, ...]
    teachers: tuple[Teacher, ...]  # the owner first, then the co-teachers by name
    move_targets: tuple[tuple[int, str], ...]  # (id, name): where a student may be moved
    log: tuple[LogEntry, ...]  # newest first, at most LOG_LIMIT
    log_truncated: bool

    def member(self, user_id: int) -> Member | None:
        return next((m for m in self.members if m.user_id == user_id), None)

    def co_teacher(self, user_id: int) -> Teacher | None:
        return next((t for t in self.teachers if t.user_id == user_id and not t.owner), None)


def cohort_page(viewer_id: int, cohort_id: int) -> CohortPage:
    """The cohort's page for an instructor who owns or co-teaches it."""
    cohort = managed(viewer_id, cohort_id)
    log = _log(cohort.id)
    return CohortPage(
        cohort.id, cohort.name, format_code(cohort.join_code), cohort.created_at,
        cohort.archived_at, cohort.instructor_id is None, cohort.instructor_id == viewer_id,
        allowed(viewer_id, cohort),
        _members(cohort.id), _teachers(cohort), _targets(viewer_id, cohort),
        tuple(log[:LOG_LIMIT]), len(log) > LOG_LIMIT)


def _members(cohort_id: int) -> tuple[Member, ...]:
    rows = db.session.execute(
        select(User.id, User.username, CohortMember.joined_at, CohortMember.left_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort_id, live_account())
        .order_by(User.username))
    return tuple(Member(*row) for row in rows)


def _teachers(cohort: Cohort) -> tuple[Teacher, ...]:
    rows = db.session.execute(
        select(User.id, User.username, CohortInstructor.added_at)
        .join(CohortInstructor, CohortInstructor.user_id == User.id)
        .where(CohortInstructor.cohort_id == cohort.id, CohortInstructor.left_at.is_(None))
        .order_by(User.username))
    teachers = [Teacher(i, name, False, since) for i, name, since in rows]
    if cohort.instructor_id is not None:
        owner = db.session.get_one(User, cohort.instructor_id)
        teachers.insert(0, Teacher(owner.id, owner.username, True, cohort.created_at))
    return tuple(teachers)


def _targets(viewer_id: int, cohort: Cohort) -> tuple[tuple[int, str], ...]:
    """The same owner's other current cohorts that the viewer teaches too."""
    if cohort.instructor_id is None:
        return ()
    rows = db.session.execute(select(Cohort.id, Cohort.name).where(
        Cohort.instructor_id == cohort.instructor_id, Cohort.id != cohort.id,
        Cohort.archived_at.is_(None), owned_by(viewer_id)).order_by(Cohort.name))
    return tuple((i, name) for i, name in rows)


def _log(cohort_id: int) -> list[LogEntry]:
    actor, subject = aliased(User), aliased(User)
    moved_in = and_(AuditEvent.action == "moved_student",
                    AuditEvent.detail["to_cohort_id"].as_integer() == cohort_id)
    rows = db.session.execute(
        select(AuditEvent, actor.username, subject.username, Quiz.title)
        .join(actor, actor.id == AuditEvent.actor_id)
        .outerjoin(subject, subject.id == AuditEvent.user_id)
        .outerjoin(Quiz, Quiz.id == AuditEvent.quiz_id)
        .where(or_(AuditEvent.cohort_id == cohort_id, moved_in))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(LOG_LIMIT + 1))
    return [LogEntry(event.at, by, describe(event.action, event.detail or {}, who, quiz))
            for event, by, who, quiz in rows]


def _time(value: Any, default: str) -> str:
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M UTC")
    except (TypeError, ValueError):
        return default


def describe(action: str, detail: dict[str, Any], who: str | None, quiz: str | None) -> str:
    """An audit event in words, for the cohort's log ("who" is the student or co-teacher)."""
    texts = {
        "renamed_cohort": f"renamed the cohort from “{detail.get('before')}” to "
                          f"“{detail.get('after')}”",
        "archived_cohort": "archived the cohort",
        "unarchived_cohort": "unarchived the cohort",
        "new_join_code": "made a new join code (the old one stopped working)",
        "removed_student": f"removed {who} from the cohort",
        "moved_student": f"moved {who} from {detail.get('before')} to {detail.get('after')}",
        "added_co_teacher": f"added {who} as a co-teacher",
        "removed_co_teacher": f"removed {who} as a co-teacher",
        "set_quiz_window": f"set the cohort's times for {quiz}: opens "
                           f"{_time(detail.get('opens'), 'as the quiz does')}, closes "
                           f"{_time(detail.get('closes'), 'as the quiz does')}",
        "cleared_quiz_window": f"cleared the cohort's own times for {quiz}",
        "granted_attempts": f"granted {who} extra attempts at {quiz}",
    }
    return texts.get(action, action.replace("_", " "))
