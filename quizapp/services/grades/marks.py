"""An attempt's marks from its stored points: each item's mark (attempt_item) scaled by the
points its response earned. One grouped query for any number of attempts."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from sqlalchemy import Select, func, select

from ...extensions import db
from ...models import AttemptItem, Response
from ...scoring.marks import NO_MARKS, Marks, mark_value


def attempt_marks(attempt_ids: Iterable[int] | Select[Any]) -> dict[int, Marks]:
    """Marks earned and possible per attempt id (attempts without items are left out).

    Items are grouped by (attempt, mark, points possible), so the rows are a handful per
    attempt however many items it has; marks earned = mark x sum(earned) / possible."""
    ids = attempt_ids if isinstance(attempt_ids, Select) else list(attempt_ids)
    if not isinstance(ids, Select) and not ids:
        return {}
    rows = db.session.execute(
        select(AttemptItem.attempt_id, AttemptItem.mark_hundredths, Response.possible,
               func.count(), func.sum(Response.earned))
        .outerjoin(Response, (Response.attempt_id == AttemptItem.attempt_id)
                   & (Response.question_id == AttemptItem.question_id))
        .where(AttemptItem.attempt_id.in_(ids))
        .group_by(AttemptItem.attempt_id, AttemptItem.mark_hundredths, Response.possible))
    out: dict[int, Marks] = {}
    for attempt_id, hundredths, possible, count, earned in rows:
        mark = mark_value(hundredths)
        got = mark * int(earned) / possible if earned and possible else Fraction(0)
        out[attempt_id] = out.get(attempt_id, NO_MARKS) + Marks(got, mark * count)
    return out
