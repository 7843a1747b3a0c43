"""A person's data: everything stored about them (`quiz export-user`), and its deletion
(`quiz delete-user`), as schools' privacy rules require.

The export walks the schema rather than a list written by hand: every row of every table that
refers to the person's account, and every row that refers to one of their attempts, so a table
added later is exported without anyone remembering to. Secrets are left out (the password hash,
session token hashes).

Deletion removes the account and the person's data, and keeps their submitted answers,
anonymised, because the item statistics of a cohort (facility, discrimination, alpha) are
computed from every student's answers: the account row stays as a pseudonym (`deleted-` and
random letters, no password, no sessions, marked deleted) that owns the submitted attempts and
their responses and stays in its cohorts for those statistics; rosters, gradebooks and exports
leave it out. Sessions, lesson progress, review cards, audit events, open attempts and the
links to an LMS (the LMS's name for them, grades waiting to be sent, courses they teach) are
deleted. An instructor who still owns cohorts is refused until they are handed over.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, delete, func, select, update

from ...database import write_transaction
from ...extensions import db
from ...models import (
    Attempt,
    AttemptEvent,
    AttemptItem,
    Cohort,
    CohortInstructor,
    CohortMember,
    LessonProgress,
    LtiGradeOutbox,
    LtiUser,
    RegradeRecord,
    Response,
    ReviewCard,
    User,
    UserSession,
)
from ...models.types import utcnow
from ..errors import Conflict, NotFound
from .users import find

SECRET_COLUMNS = {"password_hash", "token_hash"}
UNUSABLE_PASSWORD = "!"  # not an argon2 hash: every verify fails


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(table: Table, column: str, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    keep = [c for c in table.columns if c.name not in SECRET_COLUMNS]
    query = select(*keep).where(table.c[column].in_(ids)).order_by(*table.primary_key.columns)
    return [{k: _json(v) for k, v in row._mapping.items()} for row in db.session.execute(query)]


def _referring(target: str) -> list[tuple[Table, str]]:
    """(table, column) for every foreign key to `target`.id, in a stable order."""
    return [(table, fk.parent.name) for table in db.metadata.sorted_tables
            for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name)
            if fk.column.table.name == target and fk.column.name == "id"]


def export_user(username: str) -> dict[str, Any]:
    """Everything stored about the person, as JSON-ready data; NotFound for no such account."""
    user = find(username)
    if user is None:
        raise NotFound(f"There is no user '{username.strip().lower()}'.")
    account = _rows(db.metadata.tables["user_account"], "id", [user.id])[0]
    out: dict[str, Any] = {"exported_at": utcnow().isoformat(), "account": account,
                           "left_out": "password hash and session token hashes (secrets)"}
    attempt_ids = list(db.session.scalars(select(Attempt.id).where(Attempt.user_id == user.id)))
    walks = [(table, column, [user.id]) for table, column in _referring("user_account")]
    walks += [(table, column, attempt_ids) for table, column in _referring("attempt")]
    for table, column, ids in walks:
        rows = out.setdefault(table.name, [])
        seen = {r["id"] for r in rows}  # a table may refer to both (attempt_event)
        rows.extend(r for r in _rows(table, column, ids) if r["id"] not in seen)
    out["labels"] = _labels(out)
    out["cohorts"] = _cohorts(user.id)
    return out


def _cohorts(user_id: int) -> list[dict[str, Any]]:
    """Every cohort the person owns, co-teaches or belongs to, by name, each with its relation
    ("owner", "co-teacher", "member"), since when, and when it ended (None while it lasts): the
    rows above give only ids, and a co-taught cohort appears in none of them by name."""
    found = [(cid, name, "owner", since, None) for cid, name, since in db.session.execute(
        select(Cohort.id, Cohort.name, Cohort.created_at).where(Cohort.instructor_id == user_id))]
    links: tuple[tuple[type[CohortInstructor] | type[CohortMember], str, Any], ...] = (
        (CohortInstructor, "co-teacher", CohortInstructor.added_at),
        (CohortMember, "member", CohortMember.joined_at))
    for model, relation, since_column in links:
        found += [(cid, name, relation, since, left) for cid, name, since, left in
                  db.session.execute(select(Cohort.id, Cohort.name, since_column, model.left_at)
                                     .join(model, model.cohort_id == Cohort.id)
                                     .where(model.user_id == user_id))]
    order = {"owner": 0, "co-teacher": 1, "member": 2}
    found.sort(key=lambda row: (row[1], row[0], order[row[2]]))
    return [{"id": cid, "name": name, "relation": relation, "since": _json(since),
             "until": _json(left)} for cid, name, relation, since, left in found]


def _labels(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Names for the ids the rows use (quizzes, lessons, cohorts), so the file reads alone."""
    from ...models import Lesson, Quiz

    def ids(table: str, column: str) -> set[int]:
        return {r[column] for r in data.get(table, []) if r.get(column) is not None}

    quizzes = db.session.execute(select(Quiz.id, Quiz.module_id, Quiz.slug, Quiz.title)
                                 .where(Quiz.id.in_(ids("attempt", "quiz_id"))))
    lessons = db.session.execute(select(Lesson.id, Lesson.module_id, Lesson.slug)
                                 .where(Lesson.id.in_(ids("lesson_progress", "lesson_id"))))
    cohorts = db.session.execute(select(Cohort.id, Cohort.name).where(Cohort.id.in_(
        ids("cohort_member", "cohort_id") | ids("cohort_instructor", "cohort_id")
        | ids("cohort", "id"))))
    return {"quizzes": {str(i): f"{m}/{s}: {t}" for i, m, s, t in quizzes},
            "lessons": {str(i): f"{m}/{s}" for i, m, s in lessons},
            "cohorts": {str(i): name for i, name in cohorts}}


def delete_user(username: str) -> str:
    """Remove the person's account and data, keep their submitted answers anonymised (see the
    module's docstring). Returns the pseudonym the kept answers now belong to."""
    user = find(username)
    if user is None:
        raise NotFound(f"There is no user '{username.strip().lower()}'.")
    owned = db.session.scalar(select(func.count(Cohort.id)).where(Cohort.instructor_id == user.id))
    if owned:
        raise Conflict(f"'{user.username}' still owns {owned} cohort(s); hand them to another "
                       f"instructor first. Nothing was deleted.")
    pseudonym = f"deleted-{secrets.token_hex(8)}"
    with write_transaction():
        _delete_personal_rows(user.id)
        db.session.execute(update(RegradeRecord).where(RegradeRecord.regraded_by == user.username)
                           .values(regraded_by="(deleted account)"))
        db.session.execute(update(User).where(User.id == user.id).values(
            username=pseudonym, password_hash=UNUSABLE_PASSWORD, extra_time=1.0,
            must_change_password=False, password_expires_at=None, created_at=utcnow(),
            deleted_at=utcnow()))
    return pseudonym


def _delete_personal_rows(user_id: int) -> None:
    """Sessions, progress, review cards, audit events and open attempts; submitted attempts
    and their responses stay (anonymised with the account)."""
    open_attempts = select(Attempt.id).where(Attempt.user_id == user_id,
                                             Attempt.status != "submitted")
    db.session.execute(delete(AttemptEvent).where(AttemptEvent.attempt_id.in_(
        select(Attempt.id).where(Attempt.user_id == user_id))))
    db.session.execute(delete(AttemptEvent).where(AttemptEvent.user_id == user_id))
    db.session.execute(delete(RegradeRecord).where(RegradeRecord.attempt_id.in_(open_attempts)))
    db.session.execute(delete(Response).where(Response.attempt_id.in_(open_attempts)))
    db.session.execute(delete(AttemptItem).where(AttemptItem.attempt_id.in_(open_attempts)))
    db.session.execute(delete(Attempt).where(Attempt.id.in_(
        open_attempts.scalar_subquery())))
    # LMS links too: the name the LMS shared, grades waiting for it, courses taught there (a
    # later launch of the same LMS person makes a new account).
    for model in (UserSession, LessonProgress, ReviewCard, LtiUser, LtiGradeOutbox,
                  CohortInstructor):
        db.session.execute(delete(model).where(model.user_id == user_id))
