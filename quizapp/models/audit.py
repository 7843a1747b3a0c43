"""The audit table: what an instructor changed for students (not their attempts: those have
attempt_event). Append-only, written in the transaction of the change it records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow

AUDIT_ACTIONS = ("granted_attempts", "set_quiz_window", "cleared_quiz_window",
                 # cohort management (services/accounts/cohort_admin.py)
                 "renamed_cohort", "archived_cohort", "unarchived_cohort", "new_join_code",
                 "removed_student", "moved_student", "added_co_teacher", "removed_co_teacher")


class AuditEvent(Model):
    """Who (`actor_id`) did what (`action`) to which student, cohort or quiz, and when."""

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint("action IN (" + ", ".join(f"'{a}'" for a in AUDIT_ACTIONS) + ")",
                        name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # indexed: a cohort's page shows its log
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"), index=True)
    quiz_id: Mapped[int | None] = mapped_column(ForeignKey("quiz.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
