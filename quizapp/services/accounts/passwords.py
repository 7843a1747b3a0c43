"""Changing a password, and resets without email.

A reset needs no email: an instructor resets a student of their cohorts, or anyone with the
command line resets any account. Both give a temporary password that works for three days and
must be replaced at the next login; every session of the account ends.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from ...database import write_transaction
from ...extensions import db
from ...models import User
from ...models.types import utcnow
from ..errors import BadInput, NotFound
from . import sessions, users
from .cohorts import Scope, require_in_scope
from .policy import check_new_password, normalise_username

TEMPORARY_LIFETIME = timedelta(days=3)
# No 0/O, 1/I/L or U: a temporary password is read aloud or copied from a screen.
_TEMP_ALPHABET = "23456789abcdefghjkmnpqrstvwxyz"


def temporary_password() -> str:
    """A random password to hand over in person: 12 characters in groups of four (~59 bits)."""
    chars = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))
    return "-".join(chars[i:i + 4] for i in range(0, 12, 4))


def change_password(user_id: int, current: str, new: str, keep_token: str) -> int:
    """Replace the user's password after checking the current one; ends every other session
    (this one, `keep_token`, goes on). Returns how many sessions ended. BadInput when the
    current password is wrong or the new one is refused."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("There is no such account.")
    if not users.verify(user.password_hash, current):
        raise BadInput("Your current password is not right.")
    if new == current:
        raise BadInput("The new password must differ from the current one.")
    check_new_password(user.username, new)
    with write_transaction():
        row = db.session.get(User, user_id)
        assert row is not None  # checked above; rows are never deleted
        _set_password(row, new, expires=None)
        return sessions.end_all_in(user_id, keep_token)


def reset_by_instructor(scope: Scope, student_id: int, now: datetime | None = None) -> str:
    """A temporary password for a student in the instructor's scope (NotFound otherwise)."""
    student = require_in_scope(scope, student_id)
    return _reset(student.id, now)


def reset_by_username(username: str, now: datetime | None = None) -> tuple[User, str]:
    """A temporary password for any account (the command line): (user, password)."""
    user = users.find(username)
    if user is None:
        raise NotFound(f"There is no user '{normalise_username(username)}'.")
    return user, _reset(user.id, now)


def _reset(user_id: int, now: datetime | None) -> str:
    password = temporary_password()
    with write_transaction():
        user = db.session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise NotFound("There is no such account.")
        _set_password(user, password, expires=(now or utcnow()) + TEMPORARY_LIFETIME)
        sessions.end_all_in(user_id)
    return password


def _set_password(user: User, password: str, expires: datetime | None) -> None:
    user.password_hash = users.hash_password(password)
    user.must_change_password = expires is not None
    user.password_expires_at = expires

