"""Who may frame our pages: the registered platforms' LMS pages, no one else."""

from __future__ import annotations

from sqlalchemy import select

from ...extensions import db
from ...models import LtiPlatform


def registered_origins() -> list[str]:
    """Every active platform's frame origins (one query), in a stable order."""
    origins: dict[str, None] = {}
    for found in db.session.scalars(select(LtiPlatform.frame_origins).where(
            LtiPlatform.removed_at.is_(None)).order_by(LtiPlatform.id)):
        origins.update(dict.fromkeys(found or []))
    return list(origins)
