"""Marks as whole numbers inside SQL, for the statistics that group responses in the database.

An item's marks are mark x earned / possible; over the responses of some attempts, with D the
least common multiple of their points possible, mark_hundredths x earned x (D / possible) is
a whole number of 1/(100 D) marks. Sums, rests of test and maxima in those units are exact,
so item statistics (discrimination against the rest of the test in marks, alpha, the score
histogram) use marks without leaving the database.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, cast, func, literal, select

from ...extensions import db
from ...models import AttemptItem, Response


def scale_for(chosen: Any) -> int:
    """D for the responses of the `chosen` attempts (a subquery of attempt ids)."""
    possibles = db.session.scalars(select(Response.possible).distinct().where(
        Response.attempt_id.in_(chosen), Response.possible > 0)).all()
    return math.lcm(*possibles) if possibles else 1


def item_units(scale: int) -> ColumnElement[int]:
    """An item's marks in 1/(100 D) units (joined rows of AttemptItem and Response)."""
    return (cast(AttemptItem.mark_hundredths, BigInteger) * func.coalesce(Response.earned, 0)
            * (literal(scale, BigInteger) / func.nullif(Response.possible, 0)))


def max_units(scale: int) -> ColumnElement[int]:
    """An item's mark in the same units."""
    return cast(AttemptItem.mark_hundredths, BigInteger) * literal(scale, BigInteger)


def attempt_units(chosen: Any, scale: int) -> Any:
    """A subquery: per chosen attempt, its marks earned and possible in 1/(100 D) units."""
    return (select(AttemptItem.attempt_id.label("attempt_id"),
                   func.coalesce(func.sum(item_units(scale)), 0).label("earned"),
                   func.sum(max_units(scale)).label("possible"))
            .outerjoin(Response, (Response.attempt_id == AttemptItem.attempt_id)
                       & (Response.question_id == AttemptItem.question_id))
            .where(AttemptItem.attempt_id.in_(chosen))
            .group_by(AttemptItem.attempt_id).subquery())
