"""Reading one attempt: the owner check (with or without the row lock), its items with the
question versions they were given, and its saved responses."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import SNAPSHOT_TEXT, Attempt, AttemptItem, QuestionVersion, Response
from ..errors import NotFound


def owned_attempt(user_id: int, attempt_id: int) -> Attempt:
    """The attempt if it belongs to the user; NotFound otherwise (existence is not revealed)."""
    return _owned(db.session.get(Attempt, attempt_id), user_id)


# The statements every save, submit and attempt page runs, built once with bound parameters
# (building a statement costs more than SQLite takes to run it).
_LOCKED_ATTEMPT = (select(Attempt).where(Attempt.id == bindparam("attempt_id")).with_for_update()
                   .execution_options(populate_existing=True))
_ITEMS_IN_ORDER = (
    select(AttemptItem, SNAPSHOT_TEXT)
    .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
    .where(AttemptItem.attempt_id == bindparam("attempt_id")).order_by(AttemptItem.position))
_RESPONSES = select(Response).where(Response.attempt_id == bindparam("attempt_id"))


def locked_attempt(user_id: int, attempt_id: int) -> Attempt:
    """As owned_attempt, with the row locked (and reloaded) for the caller's transaction."""
    return _owned(db.session.scalar(_LOCKED_ATTEMPT, {"attempt_id": attempt_id}), user_id)


def practice_attempt(attempt: Attempt) -> Attempt:
    """The attempt if it is in practice mode. A test-mode attempt has no practice pages, so
    they are NotFound (404) for reading and for checking alike."""
    if attempt.mode != "practice":
        raise NotFound("This attempt is not in practice mode.")
    return attempt


def _owned(attempt: Attempt | None, user_id: int) -> Attempt:
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("There is no such attempt among yours.")
    return attempt


def attempt_questions(attempt_id: int) -> list[tuple[AttemptItem, QuestionContent]]:
    """The attempt's items in order, each with the question version it was given."""
    rows = db.session.execute(_ITEMS_IN_ORDER, {"attempt_id": attempt_id}).all()
    return [(item, QuestionContent.from_snapshot_text(text)) for item, text in rows]


def saved_responses(attempt_id: int) -> dict[str, Response]:
    """The attempt's responses so far, by question id."""
    return {r.question_id: r for r in db.session.scalars(_RESPONSES,
                                                          {"attempt_id": attempt_id})}

