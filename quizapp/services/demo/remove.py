"""Removing the demo class: its cohort, its simulated students and every row that hangs off
them (attempts and their items, responses, events and stages, reading progress, review cards,
memberships, sessions, audit rows, quiz windows and grants...), in one transaction.

The rows are found by walking the foreign keys the models declare, children first, so a table
added later is covered without a list to keep up to date; nothing outside the two roots (the
cohort row, the simulated students' rows) and what references them is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, select

from ...database import write_transaction
from ...extensions import db
from ...models import Cohort, User
from .identity import demo_cohort_id, simulated_student_ids

# Users -> attempts -> responses -> regrade records is the deepest chain today.
MAX_DEPTH = 8


@dataclass(frozen=True)
class Removed:
    cohort: bool
    students: int
    rows: int  # every row deleted, the cohort's and students' own included

    @property
    def anything(self) -> bool:
        return self.cohort or self.students > 0


def remove_demo_class() -> Removed:
    """Delete the demo cohort, its simulated students and all their data; nothing else.
    Idempotent: with no demo class left it deletes nothing."""
    with write_transaction():
        cohort_id = demo_cohort_id()
        student_ids = simulated_student_ids(cohort_id)
        rows = 0
        if cohort_id is not None:
            rows += _delete_with_dependents(_table(Cohort.__tablename__),
                                            Cohort.id == cohort_id)
        if student_ids:
            rows += _delete_with_dependents(_table(User.__tablename__),
                                            User.id.in_(student_ids))
    return Removed(cohort_id is not None, len(student_ids), rows)


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def _delete_with_dependents(table: Table, where: ColumnElement[bool], depth: int = 0) -> int:
    """Delete the rows of `table` that match `where`, after every row that references them
    (recursively); the number of rows deleted."""
    if depth > MAX_DEPTH:
        raise RuntimeError(f"foreign keys nest deeper than {MAX_DEPTH} below '{table.name}'")
    deleted = 0
    for child in db.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                referencing = fk.parent.in_(select(fk.column).where(where))
                deleted += _delete_with_dependents(child, referencing, depth + 1)
    result = db.session.execute(table.delete().where(where))
    return deleted + int(result.rowcount or 0)  # type: ignore[attr-defined]  # a CursorResult
