"""People: students and instructors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, false
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
    # Accommodation: time limits are multiplied by this (1.0, 1.25, 1.5, 2.0 ...).
    extra_time: Mapped[float] = mapped_column(default=1.0, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set with a temporary password (a reset): every page asks for a new password first.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A temporary password stops working at this time; NULL for a password the user chose.
    password_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # `quiz delete-user`: the person's data is gone; the row keeps anonymised responses.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # The login session this object was loaded for (not a column): the cookie carries
    # "user id:session token", and each device's session is a user_session row.
    session_token: str = ""
    # True when loading this session extended it on the server: the cookie is sent again
    # with the new expiry (other replies leave it alone; SESSION_REFRESH_EACH_REQUEST off).
    session_renewed: bool = False

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
        return f"{self.id}:{self.session_token}"

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"


class UserSession(Model):
    """One logged-in device: logging out ends this row only; "log out everywhere", a password
    change or reset ends the others. The cookie holds a random token; only its SHA-256 is
    stored, so a copy of the database opens no session."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # What the person sees in their list of sessions ("Firefox on Android"), never the
    # full user-agent string or an address.
    device: Mapped[str] = mapped_column(String(64), default="")
