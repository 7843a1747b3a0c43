"""People: students and instructors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow

ROLES = ("student", "instructor")
MAX_EXTRA_TIME = 4


class User(Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('student', 'instructor')", name="role"),
        CheckConstraint(f"extra_time >= 1 AND extra_time <= {MAX_EXTRA_TIME}", name="extra_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="student")
    # Bumped at logout: every cookie carrying an older value stops working (server-side revoke).
    session_version: Mapped[int] = mapped_column(default=1)
    # Accommodation: time limits are multiplied by this (1.0, 1.25, 1.5, 2.0 ...).
    extra_time: Mapped[float] = mapped_column(default=1.0, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # What Flask-Login asks of a user, written out rather than taken from its UserMixin, which
    # has no type hints (equality stays SQLAlchemy's identity map: one object per row).
    @property
    def is_active(self) -> bool:
        return True

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"
