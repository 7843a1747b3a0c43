"""The audit table: one row per instructor change, in the transaction of the change."""

from __future__ import annotations

from typing import Any

from ...extensions import db
from ...models import AuditEvent
from ...models.types import utcnow


def record(actor_id: int, action: str, *, user_id: int | None = None,
           cohort_id: int | None = None, quiz_id: int | None = None, **detail: Any) -> None:
    """Append an audit event (call inside the change's write transaction)."""
    db.session.add(AuditEvent(actor_id=actor_id, action=action, user_id=user_id,
                              cohort_id=cohort_id, quiz_id=quiz_id, at=utcnow(),
                              detail=detail))
