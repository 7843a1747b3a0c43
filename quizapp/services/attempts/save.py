"""Saving answers to an open attempt (replacing earlier ones), with an optional confidence per
question.

Every change locks the attempt row (SELECT ... FOR UPDATE; on SQLite the write lock taken by
BEGIN IMMEDIATE) and writes its audit event in the same transaction. A save may carry the
sequence number of the page it came from; a number other than the attempt's current one means
an out-of-date page (another tab, the back button), and the save is refused rather than
silently overwriting newer answers (refusal.py). Timed attempts are closed by the server's
clock (clock.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from ...content.model import Question as QuestionContent
from ...content.types import read_answer
from ...database import write_transaction
from ...extensions import db
from ...models import Attempt, AttemptItem, QuestionVersion, Response
from ...models.types import utcnow
from ...scoring import InvalidResponse
from ..errors import AlreadySubmitted, BadInput, ServiceError
from ..learning import review
from . import audit
from .lookup import locked_attempt
from .refusal import SUBMITTED_MESSAGE, why_refused

# By question id: a list of values, or a mapping of part id to a list (see learner/forms.py).
Answers = Mapping[str, Any]
Confidence = Mapping[str, str]  # question id -> low | medium | high
MAX_ANSWERS_PER_SAVE = 1000


def _answered_rows(attempt_id: int, answers: Answers) -> tuple[
        list[tuple[AttemptItem, QuestionContent]], dict[str, Response]]:
    """The attempt's items that `answers` names, with their versions and any earlier response,
    in one query (a save names one or two questions; unknown ones are left out)."""
    if len(answers) > MAX_ANSWERS_PER_SAVE:
        raise BadInput(f"A save may carry at most {MAX_ANSWERS_PER_SAVE} answers.")
    rows = db.session.execute(
        select(AttemptItem, QuestionVersion.snapshot, Response)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .outerjoin(Response, (Response.attempt_id == AttemptItem.attempt_id)
                   & (Response.question_id == AttemptItem.question_id))
        .where(AttemptItem.attempt_id == attempt_id,
               AttemptItem.question_id.in_(list(answers)))).all() if answers else []
    items = [(item, QuestionContent.from_snapshot(snapshot)) for item, snapshot, _ in rows]
    return items, {item.question_id: r for item, _, r in rows if r is not None}


def store_answers(attempt: Attempt, answers: Answers,
                  items: list[tuple[AttemptItem, QuestionContent]],
                  existing: dict[str, Response], confidence: Confidence | None = None) -> None:
    """Store `answers` (and confidence) on the attempt's responses; each is checked against its
    question first (BadInput, with nothing stored, when one is malformed or already checked)."""
    by_id = {q.id: (item, q) for item, q in items}
    for qid in [*answers, *(confidence or {})]:
        if qid not in by_id:
            raise BadInput(f"Question '{qid}' is not part of this attempt.")
    now = utcnow()
    for qid, answer in answers.items():
        item, question = by_id[qid]
        try:
            stored = read_answer(question, answer)  # checks the shape, ids and limits
        except InvalidResponse as exc:
            number = item.position + 1
            raise BadInput(f"Question {number}: {exc}. Nothing was saved; go back, correct "
                           "the answer and send it again.") from exc
        row = existing.get(qid)
        if row is not None and row.earned is not None and stored != row.answer:
            # Checked in practice mode: the key has been shown, so the answer is final.
            raise BadInput(f"Question '{qid}' was already checked; its answer can't change.")
        if row is None:
            row = existing[qid] = Response(attempt_id=attempt.id, question_id=qid,
                                           question_version_id=item.question_version_id,
                                           possible=0)
            db.session.add(row)
        row.answer, row.saved_at = stored, now
    _store_confidence(attempt, confidence or {}, by_id, existing)


def _store_confidence(attempt: Attempt, confidence: Confidence,
                      by_id: dict[str, tuple[AttemptItem, QuestionContent]],
                      existing: dict[str, Response]) -> None:
    """Optional "how sure are you?" per question; given values replace, absent ones stay."""
    for qid, level in confidence.items():
        review.check_confidence(level)
        row = existing.get(qid)
        if row is None:
            row = existing[qid] = Response(attempt_id=attempt.id, question_id=qid,
                                           question_version_id=by_id[qid][0].question_version_id,
                                           answer=None, possible=0)
            db.session.add(row)
        row.confidence = level


def save_answers(user_id: int, attempt_id: int, answers: Answers,
                 confidence: Confidence | None = None, *,
                 sequence: int | None = None, via: str = "form") -> Attempt:
    """Store the answers given so far on an open attempt (replacing earlier ones).

    `sequence` is the number the page was given; when it is not the attempt's current one the
    save is refused (StaleAnswers). AlreadySubmitted if the attempt is submitted; TimeUp (after
    submitting it with what was saved) once its deadline and grace period have passed. Every
    outcome but a bad request is recorded in the attempt's audit trail.
    """
    refusal: ServiceError | None = None
    with write_transaction():
        attempt = locked_attempt(user_id, attempt_id)
        if attempt.status != "open":
            raise AlreadySubmitted(SUBMITTED_MESSAGE)
        refusal = why_refused(attempt, answers, sequence, utcnow())
        if refusal is None:
            named = {**{qid: None for qid in confidence or {}}, **answers}
            store_answers(attempt, answers, *_answered_rows(attempt.id, named), confidence)
            attempt.sequence += 1
            audit.record(attempt, "saved", questions=sorted(answers), sequence=attempt.sequence,
                         via=via)
    if refusal is not None:
        raise refusal  # after the commit: the refusal (and a late submit) is on record
    return attempt
