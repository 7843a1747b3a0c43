"""The LTI adapter's view of our database: registered platforms, the signing key, nonces."""

from __future__ import annotations

from sqlalchemy import select

from ...extensions import db
from ...lti.registry import Platform, SigningKey
from ...models import LtiDeployment, LtiPlatform
from . import keys, nonces


def platform_config(row: LtiPlatform) -> Platform:
    """The adapter's value for a platform row (with its deployment ids)."""
    deployments = db.session.scalars(select(LtiDeployment.deployment_id).where(
        LtiDeployment.platform_id == row.id)).all()
    return Platform(row.id, row.issuer, row.client_id, row.auth_login_url, row.auth_token_url,
                    row.key_set_url, row.token_audience, frozenset(deployments))


def active_platform(platform_id: int) -> Platform | None:
    """The platform by id, unless it was removed."""
    row = db.session.get(LtiPlatform, platform_id)
    return platform_config(row) if row is not None and row.removed_at is None else None


class DbRegistry:
    """quizapp.lti.registry.Registry on the database; `secret` unlocks the private key."""

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def find_platform(self, issuer: str, client_id: str | None) -> Platform | None:
        query = select(LtiPlatform).where(LtiPlatform.issuer == issuer[:255],
                                          LtiPlatform.removed_at.is_(None))
        if client_id is not None:
            query = query.where(LtiPlatform.client_id == client_id[:255])
        rows = db.session.scalars(query.limit(2)).all()
        return platform_config(rows[0]) if len(rows) == 1 else None

    def signing_key(self) -> SigningKey | None:
        return keys.signing_key(self._secret)

    def save_nonce(self, platform_id: int, nonce: str) -> None:
        nonces.issue(platform_id, nonce)

    def nonce_usable(self, nonce: str) -> bool:
        return nonces.usable(nonce)
