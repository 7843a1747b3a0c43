"""Login nonces: issued at OIDC login, used once by the launch that carries them.

A nonce row is written at login (with the platform it was sent to) and marked used inside the
launch's write transaction by an UPDATE that only succeeds while it is unused and unexpired,
so a replayed id token is refused even when two app servers receive it at the same moment.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update

from ...database import write_transaction
from ...extensions import db
from ...models import LtiNonce
from ...models.types import utcnow

LIFETIME = timedelta(minutes=10)  # a login that takes longer starts again from the LMS
KEEP = timedelta(days=1)  # used and expired nonces are purged after this


def issue(platform_id: int, nonce: str, now: datetime | None = None) -> None:
    """Store a nonce sent to the platform at login (and purge long-expired ones)."""
    now = now or utcnow()
    with write_transaction():
        db.session.execute(delete(LtiNonce).where(LtiNonce.expires_at < now - KEEP))
        db.session.add(LtiNonce(nonce=nonce[:100], platform_id=platform_id, created_at=now,
                                expires_at=now + LIFETIME))


def usable(nonce: str, now: datetime | None = None) -> bool:
    """True if we issued this nonce, it has not expired and no launch has used it."""
    return db.session.scalar(select(LtiNonce.id).where(
        LtiNonce.nonce == nonce, LtiNonce.used_at.is_(None),
        LtiNonce.expires_at > (now or utcnow()))) is not None


def use(nonce: str, platform_id: int, now: datetime) -> bool:
    """Mark the nonce used, in the caller's write transaction: False when it was not usable
    (unknown, another platform's, expired, or already used by another launch)."""
    result = cast(CursorResult[Any], db.session.execute(
        update(LtiNonce).where(LtiNonce.nonce == nonce, LtiNonce.platform_id == platform_id,
                               LtiNonce.used_at.is_(None), LtiNonce.expires_at > now)
        .values(used_at=now)))
    return result.rowcount == 1
