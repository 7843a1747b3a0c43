"""Practice mode: one question per page, graded as soon as it is checked, with its feedback.

A practice attempt is an ordinary attempt (mode 'practice'). Checking a question stores its
response already graded (earned/possible), which locks it: the key has been shown. When the
last question is checked the attempt is submitted, exactly once, through `submit_attempt`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ...content.model import Question as QuestionContent
from ...content.types import grade, read_answer
from ...database import write_transaction
from ...extensions import db
from ...models import Attempt, AttemptItem, Quiz, Response
from ...models.types import utcnow
from ...scoring import InvalidResponse
from ..errors import BadInput, Conflict, NotFound
from ..learning import review
from ..learning.passages import Passage, passages
from . import refused_answers
from .lookup import attempt_questions, locked_attempt, owned_attempt, practice_attempt
from .pages import attempt_title, marked
from .quizzes import ItemView
from .quizzes import single_item_view as item_view
from .refused_answers import AnswersRefused, RefusedAnswer
from .submit import submit_attempt


@dataclass(frozen=True)
class PracticeStep:
    """The practice page: the next question to answer, or None when all are checked."""

    attempt_id: int
    title: str
    status: str
    total: int
    checked: int
    item: ItemView | None
    # An unfolding case with `navigation: free`: its earlier items, to go back to (number,
    # stage title); their answers are final once checked, but the record stays readable.
    earlier: tuple[tuple[int, str], ...] = ()

    @property
    def number(self) -> int:
        return self.checked + 1


@dataclass(frozen=True)
class Feedback:
    """One checked question with its key, rationales, score and passage, and what comes next."""

    attempt_id: int
    title: str
    status: str
    total: int
    remaining: int
    item: ItemView
    confidence: str | None
    passage: Passage | None

    @property
    def confident_error(self) -> bool:
        return self.confidence == "high" and self.item.outcome != "correct"


def _graded(attempt_id: int) -> dict[str, Response]:
    return {r.question_id: r for r in db.session.scalars(select(Response).where(
        Response.attempt_id == attempt_id, Response.earned.is_not(None)))}


def _title(attempt: Attempt) -> str:
    return attempt_title(attempt, db.session.get(Quiz, attempt.quiz_id) if attempt.quiz_id
                         else None)


def practice_step(user_id: int, attempt_id: int, refused: RefusedAnswer | None = None,
                  sent: Any = None) -> PracticeStep:
    """The next unchecked question of a practice attempt (no key, no rationale); when the
    answer `sent` for it was `refused`, shown as sent and marked with why."""
    attempt = practice_attempt(owned_attempt(user_id, attempt_id))
    items = attempt_questions(attempt.id)
    graded = _graded(attempt.id)
    pending = [(i, q) for i, (_, q) in enumerate(items) if q.id not in graded]
    item = None
    if pending and attempt.status == "open":
        index, question = pending[0]
        shown = sent if refused and refused.question_id == question.id else None
        item = marked([item_view(index + 1, attempt.seed, question, shown, reveal=False)],
                      [refused] if refused else [])[0]
    return PracticeStep(attempt.id, _title(attempt), attempt.status, len(items), len(graded),
                        item, _earlier(items, pending[0][0]) if item is not None else ())


def _earlier(items: list[tuple[AttemptItem, QuestionContent]], index: int
             ) -> tuple[tuple[int, str], ...]:
    """The items before `index` in the same free-navigation case, with their stage titles."""
    case = items[index][1].case
    if case is None or not case.unfolding or case.navigation != "free":
        return ()
    return tuple((i + 1, q.case.stages[q.case.stage or 0].title)
                 for i, (_, q) in enumerate(items[:index])
                 if q.case is not None and q.case.id == case.id)


def check_answer(user_id: int, attempt_id: int, question_id: str, answer: Any,
                 confidence: str | None = None, now: datetime | None = None) -> int:
    """Grade one question of an open practice attempt now and lock its answer; submit the
    attempt once the last question is checked. Returns the question's number (1-based).

    Checking the same answer again (a double click) changes nothing; a different answer to a
    checked question is a Conflict, since its key has been shown.
    """
    now = now or utcnow()
    with write_transaction():
        attempt = practice_attempt(locked_attempt(user_id, attempt_id))
        items = attempt_questions(attempt.id)
        number, item, question = _find(items, question_id)
        row = db.session.scalar(select(Response).where(
            Response.attempt_id == attempt.id, Response.question_id == question_id))
        try:
            answer = read_answer(question, answer)  # checks shape, ids and limits
        except InvalidResponse as exc:
            raise AnswersRefused([refused_answers.refused(number, question, exc)],
                                 attempt.sequence) from exc
        if row is not None and row.earned is not None:
            if row.answer != answer:
                raise Conflict("You have already checked this question; its answer is final.")
            return number
        if attempt.status != "open":
            raise Conflict("This attempt has already been submitted; its answers can't change.")
        _store_checked(attempt, item, question, row, answer, confidence, now)
        remaining = len(items) - len(_graded(attempt.id))
    if remaining == 0:
        submit_attempt(user_id, attempt_id, {}, now=now)
    return number


def _find(items: list[tuple[AttemptItem, QuestionContent]],
          question_id: str) -> tuple[int, AttemptItem, QuestionContent]:
    for i, (item, question) in enumerate(items):
        if question.id == question_id:
            return i + 1, item, question
    raise BadInput(f"Question '{question_id[:80]}' is not part of this attempt.")


def _store_checked(attempt: Attempt, item: AttemptItem, question: QuestionContent,
                   row: Response | None, answer: Any, confidence: str | None,
                   now: datetime) -> None:
    if confidence is not None:
        review.check_confidence(confidence)
    try:
        score = grade(question, answer)
    except InvalidResponse as exc:
        raise BadInput(str(exc)) from exc
    if row is None:
        row = Response(attempt_id=attempt.id, question_id=question.id,
                       question_version_id=item.question_version_id)
        db.session.add(row)
    row.answer, row.saved_at = answer, now
    row.earned, row.possible = score.earned, score.possible
    row.confidence = confidence or row.confidence
    db.session.flush()


def feedback(user_id: int, attempt_id: int, number: int) -> Feedback:
    """The feedback for question `number` of a practice attempt; NotFound until it is checked,
    so no key is shown before the student has answered."""
    attempt = practice_attempt(owned_attempt(user_id, attempt_id))
    items = attempt_questions(attempt.id)
    if not 1 <= number <= len(items):
        raise NotFound("There is no such question in this attempt.")
    question = items[number - 1][1]
    graded = _graded(attempt.id)
    row = graded.get(question.id)
    if row is None:
        raise NotFound("Check your answer to this question first.")
    view = item_view(number, attempt.seed, question, row.answer, reveal=True,
                     score=(row.earned, row.possible))
    return Feedback(attempt.id, _title(attempt), attempt.status, len(items),
                    len(items) - len(graded), view, row.confidence,
                    passages({question.id: question.source}).get(question.id))


def finish(user_id: int, attempt_id: int, now: datetime | None = None) -> Attempt:
    """Submit a practice attempt whose questions are all checked (recovers an interrupted
    finish); Conflict while some are still unchecked."""
    attempt = practice_attempt(owned_attempt(user_id, attempt_id))
    if attempt.status == "open" and len(_graded(attempt.id)) < len(attempt_questions(attempt.id)):
        raise Conflict("Some questions are not checked yet; answer them first.")
    return submit_attempt(user_id, attempt_id, {}, now=now)
