"""Attempts: start (or resume), save answers, submit exactly once, grade against snapshots.

Every change locks the attempt row (SELECT ... FOR UPDATE; on SQLite the write lock taken by
BEGIN IMMEDIATE) and writes its audit event in the same transaction. A save may carry the
sequence number of the page it came from; a number other than the attempt's current one means
an out-of-date page (another tab, the back button), and the save is refused rather than
silently overwriting newer answers. Timed attempts are closed by the server's clock (clock.py).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..content.model import Question as QuestionContent
from ..database import write_transaction
from ..extensions import db
from ..models import Attempt, AttemptItem, Question, QuestionVersion, Quiz, Response, User
from ..models.types import utcnow
from ..scoring import InvalidResponse, grade, read_answer
from . import audit, clock, refusals, retakes, review
from .errors import (
    AlreadySubmitted,
    BadInput,
    Conflict,
    NotFound,
    ServiceError,
    StaleAnswers,
    TimeUp,
)
from .refusals import AnswersRefused, RefusedAnswer

# By question id: a list of values, or a mapping of part id to a list (see learner/forms.py).
Answers = Mapping[str, Any]
Confidence = Mapping[str, str]  # question id -> low | medium | high

STALE_MESSAGE = ("Your answers were changed in another tab or window after this page was "
                 "loaded, so the answers from this older page were not saved. The page now "
                 "shows the newest saved answers; check them and carry on.")
TIME_UP_MESSAGE = ("The time limit has passed, so this attempt was submitted with the answers "
                   "saved before the deadline.")
SUBMITTED_MESSAGE = "This attempt has already been submitted; its answers can't change."
MAX_ANSWERS_PER_SAVE = 1000


def owned_attempt(user_id: int, attempt_id: int) -> Attempt:
    """The attempt if it belongs to the user; NotFound otherwise (existence is not revealed)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("There is no such attempt among yours.")
    return attempt


def start_attempt(user_id: int, quiz_id: int, mode: str | None = None) -> Attempt:
    """Resume the user's open attempt at the quiz, or start a new one with fresh draws (in the
    quiz's mode, or the `mode` the student chose for a retake; for a timed quiz, with a
    deadline). An open attempt whose time is up is submitted first."""
    with write_transaction():
        # Locking the student's row serialises a double click on Start (one open attempt).
        user = db.session.scalar(select(User).where(User.id == user_id).with_for_update()
                                 .execution_options(populate_existing=True))
        quiz = db.session.get(Quiz, quiz_id)
        if user is None or quiz is None or quiz.retired:
            raise NotFound("There is no such quiz.")
        now = utcnow()
        attempt = db.session.scalar(select(Attempt).where(
            Attempt.user_id == user_id, Attempt.quiz_id == quiz_id, Attempt.purpose == "quiz",
            Attempt.status == "open"))
        if attempt is not None and not clock.overdue(attempt, now):
            return attempt
        if attempt is not None:
            _finish(attempt, now, auto=True)
            db.session.flush()  # the old attempt is closed before the new one opens
        seed = secrets.randbelow(2**31)
        drawn = _draw(quiz, random.Random(seed))
        if not drawn:
            raise Conflict("This quiz has no questions yet.")
        deadline = clock.deadline_for(now, quiz.time_limit_minutes, user.extra_time)
        attempt = Attempt(user_id=user_id, quiz_id=quiz_id, seed=seed, started_at=now,
                          mode=retakes.mode_for(user_id, quiz, mode), deadline=deadline,
                          possible=sum(v.max_score for _, v in drawn))
        db.session.add(attempt)
        db.session.flush()
        db.session.add_all(AttemptItem(attempt_id=attempt.id, position=i, question_id=q.id,
                                       question_version_id=v.id)
                           for i, (q, v) in enumerate(drawn))
        audit.record(attempt, "started", questions=len(drawn), extra_time=user.extra_time,
                     deadline=deadline.isoformat() if deadline else None)
    return attempt


def _draw(quiz: Quiz, rng: random.Random) -> list[tuple[Question, QuestionVersion]]:
    rows = db.session.execute(
        select(Question, QuestionVersion, Quiz.id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .where(~Question.retired, ~Quiz.retired)
        .where(Quiz.id == quiz.id if quiz.kind == "lesson"
               else (Quiz.module_id == quiz.module_id) & (Quiz.kind == "lesson"))
        .order_by(Quiz.position, Question.position)).all()
    if quiz.kind == "lesson":
        return [(q, v) for q, v, _ in rows]
    pools: dict[int, list[tuple[Question, QuestionVersion]]] = {}
    for q, v, pool in rows:
        pools.setdefault(pool, []).append((q, v))
    drawn = [pair for pool in pools.values()
             for pair in rng.sample(pool, min(quiz.draw_per_lesson or 0, len(pool)))]
    rng.shuffle(drawn)
    return drawn


def attempt_questions(attempt_id: int) -> list[tuple[AttemptItem, QuestionContent]]:
    """The attempt's items in order, each with the question version it was given."""
    rows = db.session.execute(
        select(AttemptItem, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
        .where(AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position)).all()
    return [(item, QuestionContent.from_snapshot(v.snapshot)) for item, v in rows]


def option_order(seed: int, question: QuestionContent) -> list[str]:
    """The option ids in the order this attempt shows them (stable for the attempt)."""
    ids = [o.id for o in question.options]
    if question.shuffle:
        random.Random(f"{seed}:{question.id}").shuffle(ids)
    return ids


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


def _responses(attempt_id: int) -> dict[str, Response]:
    return {r.question_id: r for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt_id))}


def _store_answers(attempt: Attempt, answers: Answers,
                   items: list[tuple[AttemptItem, QuestionContent]],
                   existing: dict[str, Response], confidence: Confidence | None = None
                   ) -> list[RefusedAnswer]:
    """Store every answer (and confidence) that fits its question; the others are refused
    one by one, so a wrong tick in one question never costs another question's answer."""
    by_id = {q.id: (item, q) for item, q in items}
    refused = [refusals.not_in_attempt(qid) for qid in dict.fromkeys([*answers,
                                                                     *(confidence or {})])
               if qid not in by_id]
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
        return refusals.refused(number, question, exc)
    row = existing.get(question.id)
    if row is not None and row.earned is not None and stored != row.answer:
        # Checked in practice mode: the key has been shown, so the answer is final.
        return refusals.already_checked(number, question)
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


def _locked_attempt(user_id: int, attempt_id: int) -> Attempt:
    attempt = db.session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                                .with_for_update().execution_options(populate_existing=True))
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("There is no such attempt among yours.")
    return attempt


def _refusal(attempt: Attempt, answers: Answers, sequence: int | None,
             now: datetime) -> ServiceError | None:
    """Why this write may not change the open attempt, with the refusal recorded (and the
    attempt submitted when its time is up); None when it may."""
    questions = sorted(answers)
    if clock.overdue(attempt, now):
        audit.record(attempt, "refused_late", questions=questions,
                     deadline=attempt.deadline.isoformat() if attempt.deadline else None)
        _finish(attempt, now, auto=True)
        return TimeUp(TIME_UP_MESSAGE)
    if sequence is not None and sequence != attempt.sequence:
        audit.record(attempt, "refused_stale", questions=questions, sent=sequence,
                     current=attempt.sequence)
        return StaleAnswers(STALE_MESSAGE, attempt.sequence)
    return None


@dataclass(frozen=True)
class Saved:
    """What a save did: the attempt after it, the answers stored and those refused."""

    attempt: Attempt
    saved: tuple[str, ...]
    refused: tuple[RefusedAnswer, ...] = ()


def save_answers(user_id: int, attempt_id: int, answers: Answers,
                 confidence: Confidence | None = None, *,
                 sequence: int | None = None, via: str = "form") -> Saved:
    """Store the answers given so far on an open attempt (replacing earlier ones).

    Each answer that fits its question is stored; the others are refused one by one (see
    refusals.py) and listed in the result. `sequence` is the number the page was given; when
    it is not the attempt's current one the whole save is refused (StaleAnswers).
    AlreadySubmitted if the attempt is submitted; TimeUp (after submitting it with what was
    saved) once its deadline and grace period have passed. Every outcome but a malformed
    request is recorded in the attempt's audit trail.
    """
    refusal: ServiceError | None = None
    with write_transaction():
        attempt = _locked_attempt(user_id, attempt_id)
        if attempt.status != "open":
            raise AlreadySubmitted(SUBMITTED_MESSAGE)
        refusal = _refusal(attempt, answers, sequence, utcnow())
        if refusal is None:
            named = {**{qid: None for qid in confidence or {}}, **answers}
            refused = _store_answers(attempt, answers, *_answered_rows(attempt.id, named),
                                     confidence)
            saved = _record_save(attempt, answers, confidence, refused, via)
    if refusal is not None:
        raise refusal  # after the commit: the refusal (and a late submit) is on record
    return Saved(attempt, saved, tuple(refused))


def _record_save(attempt: Attempt, answers: Answers, confidence: Confidence | None,
                 refused: list[RefusedAnswer], via: str) -> tuple[str, ...]:
    """Move the sequence on when anything was stored (or the save was empty), with its audit
    event; a save whose every answer was refused changes nothing but the audit trail."""
    bad = {r.question_id for r in refused}
    saved = tuple(sorted(qid for qid in answers if qid not in bad))
    extra = {"refused": sorted(bad)} if refused else {}
    rated = set(confidence or {}) - {r.question_id for r in refused if r.number == 0}
    if refused and not saved and not rated:
        audit.record(attempt, "refused_invalid", questions=sorted(bad), via=via)
        return saved
    attempt.sequence += 1
    audit.record(attempt, "saved", questions=list(saved), sequence=attempt.sequence, via=via,
                 **extra)
    return saved


def submit_attempt(user_id: int, attempt_id: int, answers: Answers,
                   confidence: Confidence | None = None, *, sequence: int | None = None,
                   now: datetime | None = None, time_up: bool = False) -> Attempt:
    """Save the final answers and grade the attempt, exactly once.

    A second submit (double click, another tab, a retry) changes nothing and returns the
    already graded attempt; the row lock (or SQLite's write lock) serialises racing submits.
    When some answers do not fit their questions the others are saved, the attempt stays open
    and AnswersRefused says which, so the student can correct them; but once the deadline has
    passed (or the page says its time is up, `time_up`) the attempt is graded with the answers
    that fit. Past the deadline and grace period the posted answers are refused and the
    attempt is graded with what was saved (`auto_submitted` is then set). StaleAnswers as for
    a save.
    """
    refusal: ServiceError | None = None
    now = now or utcnow()
    with write_transaction():
        attempt = _locked_attempt(user_id, attempt_id)
        if attempt.status == "submitted":
            return attempt
        refusal = _refusal(attempt, answers, sequence, now)
        if refusal is None:
            items = attempt_questions(attempt.id)
            refused = _store_answers(attempt, answers, items, _responses(attempt.id),
                                     confidence)
            if refused and not (time_up or clock.past_deadline(attempt, now)):
                _record_save(attempt, answers, confidence, refused, "submit")
                refusal = AnswersRefused(refused, attempt.sequence)
            else:
                attempt.sequence += 1
                db.session.flush()
                _finish(attempt, now, auto=False, items=items,
                        refused=sorted({r.question_id for r in refused}))
    if isinstance(refusal, (StaleAnswers, AnswersRefused)):
        raise refusal
    return attempt


def close_overdue(*, user_id: int | None = None, quiz_id: int | None = None,
                  attempt_id: int | None = None) -> list[int]:
    """Submit every open attempt (of the user / quiz / one attempt, when given) whose deadline
    and grace period have passed, with the answers saved by then. Returns their ids."""
    query = select(Attempt.id).where(Attempt.status == "open",
                                     Attempt.deadline < utcnow() - clock.grace())
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    if attempt_id is not None:
        query = query.where(Attempt.id == attempt_id)
    closed = []
    for overdue_id in db.session.scalars(query.order_by(Attempt.id)).all():
        with write_transaction():
            attempt = db.session.scalar(
                select(Attempt).where(Attempt.id == overdue_id).with_for_update()
                .execution_options(populate_existing=True))
            now = utcnow()
            if attempt is not None and clock.overdue(attempt, now):  # not closed meanwhile
                _finish(attempt, now, auto=True)
                closed.append(overdue_id)
    return closed


def _finish(attempt: Attempt, now: datetime, *, auto: bool,
            items: list[tuple[AttemptItem, QuestionContent]] | None = None,
            refused: list[str] | None = None) -> None:
    """Grade the attempt with its saved responses and mark it submitted (by the clock if
    `auto`), with its audit event (naming the `refused` answers left out, if any)."""
    responses = _grade(attempt, items if items is not None else attempt_questions(attempt.id))
    attempt.status = "submitted"
    attempt.submitted_at = clock.closing_time(attempt, now) if auto else now
    review.record_answers(attempt.user_id, responses.values(), now)
    attempt.auto_submitted = auto
    audit.record(attempt, "auto_submitted" if auto else "submitted", earned=attempt.earned,
                 possible=attempt.possible, **({"refused": refused} if refused else {}))


def _grade(attempt: Attempt, items: list[tuple[AttemptItem, QuestionContent]]
           ) -> dict[str, Response]:
    """Score every item from its saved response; the responses, by question id."""
    responses = _responses(attempt.id)
    earned = possible = 0
    for item, question in items:
        response = responses.get(question.id)
        score = grade(question, response.answer if response else None)
        if response is None:
            response = Response(attempt_id=attempt.id, question_id=question.id,
                                question_version_id=item.question_version_id, answer=None)
            db.session.add(response)
        response.earned, response.possible = score.earned, score.possible
        responses[question.id] = response
        earned += score.earned
        possible += score.possible
    attempt.earned, attempt.possible = earned, possible
    if attempt.purpose == "quiz":  # practice sets (missed, review) have no pass mark
        quiz = db.session.get(Quiz, attempt.quiz_id)
        attempt.passed = possible > 0 and earned * 100 >= quiz.pass_mark * possible
    return responses
