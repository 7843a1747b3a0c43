"""Finishing an attempt: grade every item from its saved response against the question version
it was given, mark the attempt submitted (by the student, or by the clock), review the
student's FSRS cards, and record the audit event, all in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert

from ...content.model import Question as QuestionContent
from ...content.types import grade
from ...extensions import db
from ...models import Attempt, AttemptItem, Quiz, Response
from ...models.types import utcnow
from ...scoring.marks import NO_MARKS, Marks, item_marks, mark_value
from ..learning import review
from ..lti import outbox
from . import audit, clock
from .lookup import attempt_questions, saved_responses


def finish_attempt(attempt: Attempt, now: datetime, *, auto: bool,
                   items: list[tuple[AttemptItem, QuestionContent]] | None = None,
                   refused: list[str] | None = None,
                   saved: dict[str, Response] | None = None) -> None:
    """Grade the attempt with its saved responses and mark it submitted (by the clock if
    `auto`), with its audit event (naming the `refused` answers left out, if any). A caller
    in the same transaction that holds the attempt's items or its responses (every one, as
    saved_responses reads them) passes them, saving their queries."""
    quiz = db.session.get(Quiz, attempt.quiz_id) if attempt.quiz_id else None
    listed = items if items is not None else attempt_questions(attempt.id)
    responses = _grade(attempt, quiz, listed,
                       dict(saved) if saved is not None else saved_responses(attempt.id))
    attempt.status = "submitted"
    attempt.submitted_at = clock.closing_time(attempt, now) if auto else now
    if quiz is None or quiz.blueprint is None:  # an exam's own items get no review cards
        review.record_answers(attempt.user_id, responses.values(), now)
    attempt.auto_submitted = auto
    audit.record(attempt, "auto_submitted" if auto else "submitted", earned=attempt.earned,
                 possible=attempt.possible, **({"refused": refused} if refused else {}))
    if attempt.counts_toward_grade and attempt.quiz_id is not None:
        # The LMS gradebook follows, sent once after this transaction commits (outbox).
        outbox.record_grades(now, user_id=attempt.user_id, quiz_id=attempt.quiz_id)


def _grade(attempt: Attempt, quiz: Quiz | None,
           items: list[tuple[AttemptItem, QuestionContent]],
           responses: dict[str, Response]) -> dict[str, Response]:
    """Score every item from its saved response (`responses`, by question id, completed
    here); the responses. The attempt stores its points; whether it passed is judged on its
    marks (each item's points scaled to its mark), so a 5-point item weighs what its mark
    says."""
    earned = possible = 0
    marks = NO_MARKS
    unanswered: list[Response] = []
    for item, question in items:
        response = responses.get(question.id)
        score = grade(question, response.answer if response else None)
        if response is None:
            response = Response(attempt_id=attempt.id, question_id=question.id,
                                question_version_id=item.question_version_id, answer=None)
            unanswered.append(response)
        response.earned, response.possible = score.earned, score.possible
        responses[question.id] = response
        earned += score.earned
        possible += score.possible
        marks += Marks(item_marks(item.mark_hundredths, score.earned, score.possible),
                       mark_value(item.mark_hundredths))
    _insert_unanswered(unanswered)
    # Points are stored; whether it passed is judged on its marks (one rule: Quiz.passes).
    attempt.set_total(earned, possible, quiz if attempt.counts_toward_grade else None,
                      (marks.earned, marks.possible))
    return responses


def _insert_unanswered(rows: list[Response]) -> None:
    """The graded rows of the questions left unanswered, in one executemany rather than one
    INSERT per question (the ORM inserts row by row where it must read back each id)."""
    if rows:
        db.session.execute(insert(Response), [
            dict(attempt_id=r.attempt_id, question_id=r.question_id, answer=None,
                 question_version_id=r.question_version_id, earned=r.earned,
                 possible=r.possible, saved_at=utcnow()) for r in rows])
