"""LMS courses and their cohorts: a course (platform + context id) is mirrored by a cohort,
its learners are the cohort's members and its instructors its owners. Leaving the course
(the roster no longer lists someone) marks them (left_at); nothing is deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...lti.claims import Context
from ...models import Cohort, CohortInstructor, CohortMember, LtiContext
from ..accounts.cohorts import new_unowned_cohort


def course_for(platform_id: int, context: Context, deployment_id: str,
               memberships_url: str | None) -> tuple[LtiContext, bool]:
    """The course and its cohort, made if new, in the caller's write transaction; its title
    and roster URL kept up to date (written only when they changed). (course, newly made)"""
    course = db.session.scalar(select(LtiContext).where(
        LtiContext.platform_id == platform_id, LtiContext.context_id == context.id))
    title = context.title or f"LMS course {context.id[:40]}"
    if course is None:
        cohort = new_unowned_cohort(title)
        course = LtiContext(platform_id=platform_id, context_id=context.id, title=title,
                            cohort_id=cohort.id, deployment_id=deployment_id,
                            memberships_url=memberships_url)
        db.session.add(course)
        db.session.flush()
        return course, True
    if context.title and course.title != title:
        course.title = title
        db.session.get_one(Cohort, course.cohort_id).name = title[:100]
    if memberships_url and course.memberships_url != memberships_url:
        course.memberships_url = memberships_url
    if deployment_id and course.deployment_id != deployment_id:
        course.deployment_id = deployment_id
    return course, False


def enrol(cohort_id: int, user_id: int, role: str) -> str:
    """Make the person a member (student) or owner (instructor) of the cohort, or bring them
    back if they had left; in the caller's write transaction. "joined", "returned", or ""
    when they were there already."""
    row: CohortMember | CohortInstructor | None
    if role == "instructor":
        row = db.session.scalar(select(CohortInstructor).where(
            CohortInstructor.cohort_id == cohort_id, CohortInstructor.user_id == user_id))
        new: CohortMember | CohortInstructor = CohortInstructor(cohort_id=cohort_id,
                                                                 user_id=user_id)
    else:
        row = db.session.scalar(select(CohortMember).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id))
        new = CohortMember(cohort_id=cohort_id, user_id=user_id)
    if row is None:
        db.session.add(new)
        return "joined"
    if row.left_at is not None:
        row.left_at = None
        return "returned"
    return ""


def mark_left(cohort_id: int, user_ids: set[int], now: datetime) -> int:
    """Mark these members and owners of the cohort as having left; how many were marked."""
    rows: list[CohortMember | CohortInstructor] = [
        *db.session.scalars(select(CohortMember).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id.in_(user_ids),
            CohortMember.left_at.is_(None))),
        *db.session.scalars(select(CohortInstructor).where(
            CohortInstructor.cohort_id == cohort_id, CohortInstructor.user_id.in_(user_ids),
            CohortInstructor.left_at.is_(None)))]
    for row in rows:
        row.left_at = now
    return len(rows)
