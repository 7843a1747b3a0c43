"""LMS people and our accounts: an account per (platform, sub), made on the first launch or
roster sync, never found by name or email (two people may share a name; an email may move).

An LMS account has no password (it cannot log in on our login page). Its username is made
from the name the LMS shares plus a random tail, so the instructor recognises it in the
gradebook; the full name is kept on the link. Course roles are per course, the account's role
is the highest it has had: a Teaching Assistant who is also a student elsewhere can still take
quizzes, and owns only the courses they teach.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...models import LtiUser, User

NO_PASSWORD = "!lti"  # not an argon2 hash: every password check against it fails
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def username_from(name: str) -> str:
    """A free username: the LMS name in ASCII letters ("maria.lopez") and a random tail."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = _NOT_NAME.sub(".", ascii_name.lower()).strip(".")[:40] or "lms-user"
    while True:
        candidate = f"{stem}.{secrets.token_hex(2)}"
        if db.session.scalar(select(User.id).where(User.username == candidate)) is None:
            return candidate


def person_for(platform_id: int, sub: str, name: str, role: str,
               launched_at: datetime | None = None) -> tuple[User, bool]:
    """The account linked to (platform, sub), made when there is none, in the caller's write
    transaction; the name and role are brought up to date. Returns (user, newly made)."""
    link = db.session.scalar(select(LtiUser).where(LtiUser.platform_id == platform_id,
                                                   LtiUser.sub == sub))
    if link is None:
        user = User(username=username_from(name), password_hash=NO_PASSWORD, role=role)
        db.session.add(user)
        db.session.flush()
        db.session.add(LtiUser(platform_id=platform_id, sub=sub, user_id=user.id,
                               name=name[:200], last_launch_at=launched_at))
        return user, True
    user = db.session.get_one(User, link.user_id)
    if name and link.name != name[:200]:
        link.name = name[:200]
    if launched_at is not None:
        link.last_launch_at = launched_at
    if role == "instructor" and user.role != "instructor":
        user.role = "instructor"
    return user, False
