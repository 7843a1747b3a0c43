"""Accounts: create, authenticate, revoke sessions, and the demo accounts for `make run`."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import MAX_EXTRA_TIME, ROLES, User
from ..errors import BadInput

MIN_PASSWORD_LENGTH = 8
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
DEMO_ACCOUNTS = (("student", "student", "student-demo-1"),
                 ("instructor", "instructor", "instructor-demo-1"))

# Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). argon2-cffi's default
# (64 MiB, 3 passes, 4 lanes) costs ~8x the CPU: on 2 cores a class of 300 logging in within a
# minute would spend most of that minute hashing (docs/performance.md). Hashes made with other
# parameters still verify and are upgraded at the next login (check_needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verifying against this when the user does not exist keeps response times alike.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_new_credentials(username: str, password: str) -> str:
    """The normalised username, or BadInput saying what is wrong."""
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise BadInput("Username must be 3-64 characters: letters, digits, '.', '_' or '-'.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    return name


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


def authenticate(username: str, password: str) -> User | None:
    """The user with these credentials, or None. Upgrades the hash when parameters change."""
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        with write_transaction():
            db.session.get_one(User, user.id).password_hash = _hasher.hash(password)
    return user


def revoke_sessions(user_id: int) -> None:
    """End every session of the user: cookies that carry the old version stop working."""
    with write_transaction():
        user = db.session.get(User, user_id)
        if user is not None:
            user.session_version += 1


def set_extra_time(username: str, multiplier: float) -> User:
    """Set a student's time multiplier (accommodation) for attempts started from now on.
    BadInput for an unknown user or a multiplier outside 1-4."""
    if not 1 <= multiplier <= MAX_EXTRA_TIME:
        raise BadInput(f"Extra time must be a multiplier from 1 to {MAX_EXTRA_TIME} "
                       f"(e.g. 1.25, 1.5, 2), not {multiplier:g}.")
    with write_transaction():
        user = db.session.scalar(select(User).where(
            User.username == normalise_username(username)))
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
