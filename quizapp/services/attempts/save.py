"""Saving answers to an open attempt (replacing earlier ones), with an optional confidence per
question.

Every change locks the attempt row (SELECT ... FOR UPDATE; on SQLite the write lock taken by
BEGIN IMMEDIATE) and writes its audit event in the same transaction. A save may carry the
sequence number of the page it came from; a number other than the attempt's current one means
an out-of-date page (another tab, the back button), and the save is refused rather than
silently overwriting newer answers (refusal.py). Within a save each answer is checked on its
own: one that does not fit its question is refused alone (refused_answers.py) and the others
are stored. Timed attempts are closed by the server's clock (clock.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from ...content.model import Question as QuestionContent
from ...content.types import read_answer
from ...database import write_transaction
from ...extensions import db
from ...models import SNAPSHOT_TEXT, Attempt, AttemptItem, QuestionVersion, Response
from ...models.types import utcnow
from ...scoring import InvalidResponse
from ..errors import AlreadySubmitted, BadInput, ServiceError
from ..learning import review
from . import audit, clock, refused_answers, stages
from .lookup import locked_attempt
from .refusal import SUBMITTED_MESSAGE, why_refused
from .refused_answers import RefusedAnswer

# By question id: a list of values, or a mapping of part id to a list (see learner/forms.py).
Answers = Mapping[str, Any]
Confidence = Mapping[str, str]  # question id -> low | medium | high
MAX_ANSWERS_PER_SAVE = 1000


# Built once (every autosave runs it): the attempt's items named by a save, with their
# version's snapshot text and any earlier response.
_ANSWERED = (
    select(AttemptItem, SNAPSHOT_TEXT, Response)
    .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
    .outerjoin(Response, (Response.attempt_id == AttemptItem.attempt_id)
               & (Response.question_id == AttemptItem.question_id))
    .where(AttemptItem.attempt_id == bindparam("attempt_id"),
           AttemptItem.question_id.in_(bindparam("question_ids", expanding=True))))


def _answered_rows(attempt_id: int, answers: Answers) -> tuple[
        list[tuple[AttemptItem, QuestionContent]], dict[str, Response]]:
    """The attempt's items that `answers` names, with their versions and any earlier response,
    in one query (a save names one or two questions; unknown ones are left out)."""
    if len(answers) > MAX_ANSWERS_PER_SAVE:
        raise BadInput(f"A save may carry at most {MAX_ANSWERS_PER_SAVE} answers.")
    rows = db.session.execute(_ANSWERED, {"attempt_id": attempt_id,
                                          "question_ids": list(answers)}).all() \
        if answers else []
    items = [(item, QuestionContent.from_snapshot_text(text)) for item, text, _ in rows]
    # An outer join: an item not yet answered comes with no response (None).
    responses: list[tuple[AttemptItem, Response | None]] = [(item, r) for item, _, r in rows]
    return items, {item.question_id: r for item, r in responses if r is not None}


def store_answers(attempt: Attempt, answers: Answers,
                  items: list[tuple[AttemptItem, QuestionContent]],
                  existing: dict[str, Response], confidence: Confidence | None = None
                  ) -> list[RefusedAnswer]:
    """Store every answer (and confidence) that fits its question; the others are refused
    one by one, so a wrong tick in one question never costs another question's answer."""
    named = set(answers) | set(confidence or {})
    closed = stages.refusals(attempt, [(i, q) for i, q in items if q.id in named])
    by_id = {q.id: (item, q) for item, q in items if q.id not in closed}
    refused = [refused_answers.not_in_attempt(qid)
               for qid in dict.fromkeys([*answers, *(confidence or {})])
               if qid not in by_id and qid not in closed]
    refused += closed.values()  # a case stage left (or not reached) takes no answer
    now = utcnow()
    for qid, answer in answers.items():
        if qid in by_id:
            problem = _store_one(attempt, *by_id[qid], answer, existing, now)
            if problem is not None:
                refused.append(problem)
    _store_confidence(attempt, {qid: level for qid, level in (confidence or {}).items()
                                if qid in by_id}, by_id, existing)
    return refused


def _store_one(attempt: Attempt, item: AttemptItem, question: QuestionContent, answer: Any,
               existing: dict[str, Response], now: datetime) -> RefusedAnswer | None:
    """Store one answer; why it was refused when it does not fit (nothing stored then)."""
    number = item.position + 1
    try:
        stored = read_answer(question, answer)  # checks the shape, ids and limits
    except InvalidResponse as exc:
        return refused_answers.refused(number, question, exc)
    row = existing.get(question.id)
    if row is not None and row.earned is not None and stored != row.answer:
        # Checked in practice mode: the key has been shown, so the answer is final.
        return refused_answers.already_checked(number, question)
    if row is None:
        row = existing[question.id] = Response(attempt_id=attempt.id, question_id=question.id,
                                               question_version_id=item.question_version_id,
                                               possible=0)
        db.session.add(row)
    row.answer, row.saved_at = stored, now
    return None


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


@dataclass(frozen=True)
class Saved:
    """What a save did: the attempt after it, the answers stored and those refused, and the
    attempt's sequence number and end as committed (read before the commit expired the row,
    so the autosave reply costs no further query)."""

    attempt: Attempt
    saved: tuple[str, ...]
    refused: tuple[RefusedAnswer, ...] = ()
    sequence: int = 0
    ends_at: datetime | None = None


def save_answers(user_id: int, attempt_id: int, answers: Answers,
                 confidence: Confidence | None = None, *,
                 sequence: int | None = None, via: str = "form") -> Saved:
    """Store the answers given so far on an open attempt (replacing earlier ones).

    Each answer that fits its question is stored; the others are refused one by one (see
    refused_answers.py) and listed in the result. `sequence` is the number the page was
    given; when it is not the attempt's current one the whole save is refused (StaleAnswers).
    AlreadySubmitted if the attempt is submitted; TimeUp (after submitting it with what was
    saved) once its deadline and grace period have passed. Every outcome but a malformed
    request is recorded in the attempt's audit trail.
    """
    refusal: ServiceError | None = None
    with write_transaction():
        attempt = locked_attempt(user_id, attempt_id)
        if attempt.status != "open":
            raise AlreadySubmitted(SUBMITTED_MESSAGE)
        refusal = why_refused(attempt, answers, sequence, utcnow())
        refused: list[RefusedAnswer] = []
        saved: tuple[str, ...] = ()
        if refusal is None:
            named = {**{qid: None for qid in confidence or {}}, **answers}
            refused = store_answers(attempt, answers, *_answered_rows(attempt.id, named),
                                    confidence)
            saved = record_save(attempt, answers, confidence, refused, via)
        sequence, ends_at = attempt.sequence, clock.ends_at(attempt)
    if refusal is not None:
        raise refusal  # after the commit: the refusal (and a late submit) is on record
    if stages.closed_of(refused):  # 409: the page is behind the case's stage
        raise stages.StageClosed(stages.closed_of(refused), sequence)
    return Saved(attempt, saved, tuple(refused), sequence, ends_at)


def record_save(attempt: Attempt, answers: Answers, confidence: Confidence | None,
                refused: list[RefusedAnswer], via: str) -> tuple[str, ...]:
    """Move the sequence on when anything was stored (or the save was empty), with its audit
    event; a save whose every answer was refused changes nothing but the audit trail."""
    bad = {r.question_id for r in refused}
    saved = tuple(sorted(qid for qid in answers if qid not in bad))
    extra = {"refused": sorted(bad)} if refused else {}
    closed = sorted(r.question_id for r in refused if r.stage_closed)
    if closed:  # an answer to a case stage left (or not reached): on record on its own
        audit.record(attempt, "refused_closed", questions=closed, via=via)
    rated = set(confidence or {}) - {r.question_id for r in refused if r.number == 0}
    if refused and not saved and not rated:
        audit.record(attempt, "refused_invalid", questions=sorted(bad), via=via)
        return saved
    attempt.sequence += 1
    audit.record(attempt, "saved", questions=list(saved), sequence=attempt.sequence, via=via,
                 **extra)
    return saved
