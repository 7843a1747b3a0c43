"""The tool's signing keys: made and rotated by `quiz lti rotate-key`, published at /lti/jwks.

The newest key that is not retired signs our messages (deep linking responses, token
requests). A rotation makes a new signing key and keeps the one before it published, so
whatever an LMS fetched or received just before still verifies; keys older than that are
retired (no longer published). Private keys are stored sealed (quizapp.lti.keys).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...lti import keys as crypto
from ...lti.registry import SigningKey
from ...models import LtiKey
from ...models.types import utcnow

_unsealed: dict[str, str] = {}  # kid -> private PEM: a kid's key never changes


@dataclass(frozen=True)
class KeyInfo:
    kid: str
    created_at: datetime
    state: str  # signing, published (the previous key), retired


def rotate(now: datetime | None = None, *, secret: str) -> KeyInfo:
    """Make a new signing key; the previous one stays published, older ones are retired."""
    now = now or utcnow()
    private, public = crypto.generate()
    with write_transaction():
        live = db.session.scalars(select(LtiKey).where(LtiKey.retired_at.is_(None))
                                  .order_by(LtiKey.created_at.desc(), LtiKey.id.desc())).all()
        for old in live[1:]:
            old.retired_at = now
        key = LtiKey(kid=crypto.kid(public), private_key=crypto.seal(private, secret),
                     public_pem=public, created_at=now)
        db.session.add(key)
    return KeyInfo(key.kid, now, "signing")


def ensure_key(secret: str) -> KeyInfo | None:
    """Make the first key if there is none; the new key's info, or None if one existed."""
    if db.session.scalar(select(LtiKey.id).where(LtiKey.retired_at.is_(None))) is not None:
        return None
    return rotate(secret=secret)


def _live() -> list[LtiKey]:
    return list(db.session.scalars(select(LtiKey).where(LtiKey.retired_at.is_(None))
                                   .order_by(LtiKey.created_at.desc(), LtiKey.id.desc())))


def signing_key(secret: str) -> SigningKey | None:
    """The current key, unsealed (KeyUnreadable if SECRET_KEY changed); None before any."""
    live = _live()
    if not live:
        return None
    key = live[0]
    if key.kid not in _unsealed:
        _unsealed[key.kid] = crypto.unseal(key.private_key, secret)
    return SigningKey(key.kid, _unsealed[key.kid], key.public_pem)


def jwks() -> dict[str, Any]:
    """The public key set: every key not retired, as JWKs (never a private member)."""
    return {"keys": [crypto.public_jwk(key.public_pem) for key in _live()]}


def list_keys() -> list[KeyInfo]:
    """Every key, newest first, with its state."""
    rows = db.session.scalars(select(LtiKey).order_by(LtiKey.created_at.desc(),
                                                      LtiKey.id.desc())).all()
    live = [k.id for k in rows if k.retired_at is None]
    return [KeyInfo(k.kid, k.created_at, "retired" if k.retired_at else
                    "signing" if k.id == live[0] else "published") for k in rows]


def current(secret: str) -> SigningKey:
    """The signing key, made first if there is none yet."""
    key = signing_key(secret)
    if key is None:
        ensure_key(secret)
        key = signing_key(secret)
    assert key is not None
    return key
