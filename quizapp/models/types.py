"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator

from ..simulation import simulated_now
from ..text import whole_number


def utcnow() -> datetime:
    """The server's clock (a simulation's, inside quizapp.simulation.simulated)."""
    return simulated_now() or datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite would otherwise drop the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use quizapp.models.types.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None,
                             dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# Ids are INTEGER columns: 32-bit on PostgreSQL, 64-bit on SQLite. A number from a URL or a
# query string beyond the smaller range can name no row, and the drivers refuse to send it
# (an error, not "no such row"), so every id from outside is checked against this first.
MAX_ID = 2**31 - 1


def parse_id(text: str) -> int | None:
    """The id written in `text` (ASCII digits, 1..MAX_ID), or None when it cannot be one."""
    value = whole_number(text, len(str(MAX_ID)))
    return value if value is not None and 1 <= value <= MAX_ID else None
