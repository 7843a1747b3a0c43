"""Attempts: start (or resume), save answers, submit exactly once, grade against snapshots."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..content.model import Question as QuestionContent
from ..database import write_transaction
from ..extensions import db
from ..models import Attempt, AttemptItem, Question, QuestionVersion, Quiz, Response
from ..models.types import utcnow
from ..scoring import InvalidResponse, grade, read_answer
from . import retakes, review
from .errors import BadInput, Conflict, NotFound

# By question id: a list of values, or a mapping of part id to a list (see learner/forms.py).
Answers = Mapping[str, Any]
Confidence = Mapping[str, str]  # question id -> low | medium | high


def owned_attempt(user_id: int, attempt_id: int) -> Attempt:
    """The attempt if it belongs to the user; NotFound otherwise (existence is not revealed)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("There is no such attempt among yours.")
    return attempt


def start_attempt(user_id: int, quiz_id: int, mode: str | None = None) -> Attempt:
    """Resume the user's open attempt at the quiz, or start a new one with fresh draws (in the
    quiz's mode, or the `mode` the student chose for a retake)."""
    with write_transaction():
        quiz = db.session.get(Quiz, quiz_id)
        if quiz is None or quiz.retired:
            raise NotFound("There is no such quiz.")
        attempt = db.session.scalar(select(Attempt).where(
            Attempt.user_id == user_id, Attempt.quiz_id == quiz_id, Attempt.purpose == "quiz",
            Attempt.status == "open"))
        if attempt is not None:
            return attempt
        seed = secrets.randbelow(2**31)
        drawn = _draw(quiz, random.Random(seed))
        if not drawn:
            raise Conflict("This quiz has no questions yet.")
        attempt = Attempt(user_id=user_id, quiz_id=quiz_id, seed=seed,
                          mode=retakes.mode_for(user_id, quiz, mode),
                          possible=sum(v.max_score for _, v in drawn))
        db.session.add(attempt)
        db.session.flush()
        db.session.add_all(AttemptItem(attempt_id=attempt.id, position=i, question_id=q.id,
                                       question_version_id=v.id)
                           for i, (q, v) in enumerate(drawn))
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


def _store_answers(attempt: Attempt, answers: Answers,
                   items: list[tuple[AttemptItem, QuestionContent]],
                   confidence: Confidence | None = None) -> None:
    by_id = {q.id: (item, q) for item, q in items}
    for qid in [*answers, *(confidence or {})]:
        if qid not in by_id:
            raise BadInput(f"Question '{qid}' is not part of this attempt.")
    existing = {r.question_id: r for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt.id))}
    for qid, answer in answers.items():
        item, question = by_id[qid]
        try:
            stored = read_answer(question, answer)  # checks the shape, ids and limits
        except InvalidResponse as exc:
            number = next(i for i, (_, q) in enumerate(items, 1) if q.id == qid)
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
        row.answer, row.saved_at = stored, utcnow()
    _store_confidence(attempt, confidence or {}, by_id, existing)


def _store_confidence(attempt: Attempt, confidence: Confidence,
                      by_id: dict[str, tuple[AttemptItem, QuestionContent]],
                      existing: dict[str, Response]) -> None:
    """Optional "how sure are you?" per question; given values replace, absent ones stay."""
    for qid, level in confidence.items():
        if level not in review.CONFIDENCE_LEVELS:
            raise BadInput(f"Confidence '{level[:40]}' is not one of low, medium, high.")
        row = existing.get(qid)
        if row is None:
            row = existing[qid] = Response(attempt_id=attempt.id, question_id=qid,
                                           question_version_id=by_id[qid][0].question_version_id,
                                           answer=None, possible=0)
            db.session.add(row)
        row.confidence = level


def save_answers(user_id: int, attempt_id: int, answers: Answers,
                 confidence: Confidence | None = None) -> Attempt:
    """Store the answers (and stated confidence) given so far on an open attempt."""
    with write_transaction():
        attempt = _locked_open_attempt(user_id, attempt_id)
        _store_answers(attempt, answers, attempt_questions(attempt.id), confidence)
    return attempt


def _locked_open_attempt(user_id: int, attempt_id: int) -> Attempt:
    attempt = db.session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                                .with_for_update())
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("There is no such attempt among yours.")
    if attempt.status != "open":
        raise Conflict("This attempt has already been submitted; its answers can't change.")
    return attempt


def submit_attempt(user_id: int, attempt_id: int, answers: Answers,
                   confidence: Confidence | None = None, now: datetime | None = None) -> Attempt:
    """Save the final answers and grade the attempt, exactly once.

    A second submit (double click, another tab, a retry) changes nothing and returns the
    already graded attempt; the row lock (or SQLite's write lock) serialises racing submits.
    """
    with write_transaction():
        attempt = db.session.scalar(select(Attempt).where(Attempt.id == attempt_id)
                                    .with_for_update())
        if attempt is None or attempt.user_id != user_id:
            raise NotFound("There is no such attempt among yours.")
        if attempt.status == "submitted":
            return attempt
        items = attempt_questions(attempt.id)
        _store_answers(attempt, answers, items, confidence)
        db.session.flush()
        _grade(attempt, items, now or utcnow())
    return attempt


def _grade(attempt: Attempt, items: list[tuple[AttemptItem, QuestionContent]],
           now: datetime) -> None:
    responses = {r.question_id: r for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt.id))}
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
    attempt.status, attempt.submitted_at = "submitted", now
    review.record_answers(attempt.user_id, responses.values(), now)


def answers_of(attempt_id: int) -> dict[str, Any]:
    """The saved answers of an attempt, by question id."""
    return {r.question_id: r.answer for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt_id))}
