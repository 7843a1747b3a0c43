"""Accounts: create, authenticate, and the demo accounts for `make run`."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import MAX_EXTRA_TIME, ROLES
from ...models import User as User  # re-exported: blueprints name the type through here
from ...models.types import utcnow
from ..errors import BadInput
from .policy import check_new_password, check_username, normalise_username

DEMO_ACCOUNTS = (("student", "student", "student-demo-1"),
                 ("instructor", "instructor", "instructor-demo-1"))

# Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). argon2-cffi's default
# (64 MiB, 3 passes, 4 lanes) costs ~8x the CPU: on 2 cores a class of 300 logging in within a
# minute would spend most of that minute hashing (docs/performance.md). Hashes made with other
# parameters still verify and are upgraded at the next login (check_needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verifying against this when the user does not exist keeps response times alike.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def check_new_credentials(username: str, password: str) -> str:
    """The normalised username, or BadInput saying what is wrong with the name or password."""
    name = check_username(username)
    check_new_password(name, password)
    return name


def hash_password(password: str) -> str:
    """The argon2id hash to store."""
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def find(username: str) -> User | None:
    """The live (not deleted) account with this username."""
    return db.session.scalar(select(User).where(User.username == normalise_username(username),
                                                User.deleted_at.is_(None)))


def create_user(username: str, password: str, role: str = "student") -> User:
    """Create an account; BadInput if the name is taken or the credentials are too weak."""
    if role not in ROLES:
        raise BadInput(f"Role must be one of: {', '.join(ROLES)}.")
    name = check_new_credentials(username, password)
    with write_transaction():
        if db.session.scalar(select(User.id).where(User.username == name)) is not None:
            raise BadInput(f"The username '{name}' is already taken.")
        user = User(username=name, password_hash=_hasher.hash(password), role=role)
        db.session.add(user)
    return user


class PasswordExpired(BadInput):
    """The right temporary password, after its time: a new reset is needed."""


def authenticate(username: str, password: str, now: datetime | None = None) -> User | None:
    """The user with these credentials, or None. Upgrades the hash when parameters change.
    PasswordExpired for a right temporary password past its expiry."""
    user = find(username)
    if not verify(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        return None
    if user.password_expires_at is not None and user.password_expires_at <= (now or utcnow()):
        raise PasswordExpired("This temporary password has expired. Ask your instructor to "
                              "reset your password again.")
    if _hasher.check_needs_rehash(user.password_hash):
        with write_transaction():
            db.session.get_one(User, user.id).password_hash = _hasher.hash(password)
    return user


def set_extra_time(username: str, multiplier: float) -> User:
    """Set a student's time multiplier (accommodation) for attempts started from now on.
    BadInput for an unknown user or a multiplier outside 1-4."""
    if not 1 <= multiplier <= MAX_EXTRA_TIME:
        raise BadInput(f"Extra time must be a multiplier from 1 to {MAX_EXTRA_TIME} "
                       f"(e.g. 1.25, 1.5, 2), not {multiplier:g}.")
    with write_transaction():
        user = find(username)
        if user is None:
            raise BadInput(f"There is no user '{normalise_username(username)}'.")
        user.extra_time = round(multiplier, 2)
    return user


def ensure_demo_accounts() -> list[tuple[str, str, str, bool]]:
    """Create the demo accounts that are missing. Returns (role, username, password, created)."""
    out = []
    for role, username, password in DEMO_ACCOUNTS:
        exists = db.session.scalar(select(User.id).where(User.username == username)) is not None
        if not exists:
            create_user(username, password, role)
        out.append((role, username, password, not exists))
    return out
