"""Cohorts: an instructor's class, joined by students with a code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow


class Cohort(Model):
    """A group of students. An instructor's own cohort has `instructor_id`; an LMS course's
    cohort has none and is owned by the course's instructors (CohortInstructor). Students join
    with `join_code`, or by launching from the LMS course."""

    __tablename__ = "cohort"
    __table_args__ = (
        UniqueConstraint("instructor_id", "name"),
        UniqueConstraint("join_code"),
        CheckConstraint("length(name) > 0", name="name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # Stored normalised (upper case, no separators); shown as XXXXX-XXXXX.
    join_code: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set by the owner: an archived cohort takes no new students and drops out of "All my
    # cohorts"; its members and their results stay, viewable by choosing it.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CohortMember(Model):
    """A student's membership of a cohort (at most one row per student and cohort)."""

    __tablename__ = "cohort_member"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the LMS roster no longer lists the student: kept (with their grades), marked.
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CohortInstructor(Model):
    """An instructor who owns a cohort beside (or instead of) its creator: the instructors and
    teaching assistants of an LMS course, or a co-teacher the creator added. One who left the
    course or was removed by the creator (left_at) owns it no more."""

    __tablename__ = "cohort_instructor"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
