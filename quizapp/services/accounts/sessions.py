"""Login sessions, one row per device: log out here, log out everywhere, "every other".

A session is a random token in the (signed) cookie and its SHA-256 in `user_session`. Logging
out on a lab computer ends that row only, so an exam running on the student's laptop goes on;
"log out everywhere", a password change (every other session) and a reset end the rest.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, select, update

from ...database import write_transaction
from ...extensions import db
from ...models import User, UserSession
from ...models.types import parse_id, utcnow

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("CrOS", "ChromeOS"), ("Windows", "Windows"), ("Mac OS X", "Mac"),
            ("Linux", "Linux"))


@dataclass(frozen=True)
class SessionInfo:
    """One of a user's sessions, as the account page lists them."""

    id: int
    device: str
    started: datetime
    current: bool


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def device_label(user_agent: str) -> str:
    """A short name for the device ("Firefox on Android"), from the User-Agent header."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "A browser")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return f"{browser} on {system}" if system else browser


def start(user: User, user_agent: str, lifetime: timedelta,
          now: datetime | None = None) -> str:
    """Open a session for the user on this device; returns the token for the cookie (and
    sets it on `user`, whose get_id() then names this session). Drops the user's expired rows."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with write_transaction():
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                     UserSession.expires_at <= now))
        db.session.add(UserSession(user_id=user.id, token_hash=_hash(token), created_at=now,
                                   expires_at=now + lifetime,
                                   device=device_label(user_agent)[:64]))
    user.session_token = token
    return token


# Every request of a logged-in user runs this query: built once, not per request (building a
# statement costs more than SQLite takes to run it).
_LIVE_SESSION = (
    select(User, UserSession.id, UserSession.expires_at)
    .join(UserSession, UserSession.user_id == User.id)
    .where(User.id == bindparam("uid"), UserSession.token_hash == bindparam("token_hash"),
           UserSession.expires_at > bindparam("now"), User.deleted_at.is_(None)))


def load(cookie_id: str, lifetime: timedelta, now: datetime | None = None) -> User | None:
    """The user of a live session named by the cookie's "user id:token", else None. A session
    in use is extended to `lifetime` from now once less than half of it is left (one write
    every few hours at most, not one per request)."""
    uid_text, _, token = cookie_id.partition(":")
    uid = parse_id(uid_text)
    if uid is None or not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", token):
        return None
    now = now or utcnow()
    row = db.session.execute(_LIVE_SESSION, {"uid": uid, "token_hash": _hash(token),
                                             "now": now}).first()
    if row is None:
        return None
    user, session_id, expires_at = row
    if expires_at - now < lifetime / 2:
        with write_transaction():
            db.session.execute(update(UserSession).where(UserSession.id == session_id)
                               .values(expires_at=now + lifetime))
        user = db.session.get_one(User, uid)  # read afresh after the commit
        user.session_renewed = True
    user.session_token = token
    return user


def end(user_id: int, token: str) -> None:
    """Log out this device: its session stops working; the user's others go on."""
    with write_transaction():
        db.session.execute(delete(UserSession).where(UserSession.user_id == user_id,
                                                     UserSession.token_hash == _hash(token)))


def end_all(user_id: int, keep_token: str | None = None) -> int:
    """End every session of the user (but the one with `keep_token`); returns how many."""
    with write_transaction():
        return end_all_in(user_id, keep_token)


def end_all_in(user_id: int, keep_token: str | None = None) -> int:
    """end_all inside the caller's write transaction (a password change, a reset)."""
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if keep_token:
        query = query.where(UserSession.token_hash != _hash(keep_token))
    result = cast(CursorResult[Any], db.session.execute(query))
    return int(result.rowcount or 0)


def sessions_of(user_id: int, current_token: str, now: datetime | None = None
                ) -> list[SessionInfo]:
    """The user's live sessions, this device first, then newest first."""
    current = _hash(current_token)
    rows = db.session.scalars(select(UserSession).where(
        UserSession.user_id == user_id, UserSession.expires_at > (now or utcnow()))
        .order_by(UserSession.created_at.desc(), UserSession.id.desc())).all()
    infos = [SessionInfo(r.id, r.device, r.created_at, r.token_hash == current) for r in rows]
    return sorted(infos, key=lambda s: not s.current)
