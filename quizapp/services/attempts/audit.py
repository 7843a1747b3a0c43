"""The attempt audit trail: who did what to which attempt, and when. Append-only."""

from __future__ import annotations

from typing import Any

from ...extensions import db
from ...models import Attempt, AttemptEvent
from ...models.types import utcnow


def record(attempt: Attempt, kind: str, **detail: Any) -> None:
    """Add an event for `attempt` to the current transaction (call inside write_transaction, so
    the event commits or rolls back with the change it describes)."""
    db.session.add(AttemptEvent(attempt_id=attempt.id, user_id=attempt.user_id, kind=kind,
                                at=utcnow(), detail=detail))
