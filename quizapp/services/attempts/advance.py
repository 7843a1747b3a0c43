"""Moving on to the next stage of an unfolding case in a test-mode attempt: save the answers
the page carries (the stage being left included), then close that stage, in one transaction.
The same checks as a save come first: the attempt is open, on time, and the page current."""

from __future__ import annotations

from ...database import write_transaction
from ...models.types import utcnow
from ..errors import AlreadySubmitted, BadInput, ServiceError
from . import stages
from .lookup import attempt_questions, locked_attempt, saved_responses
from .refusal import SUBMITTED_MESSAGE, why_refused
from .refused_answers import AnswersRefused
from .save import Answers, Confidence, record_save, store_answers


def advance_stage(user_id: int, attempt_id: int, case_id: str, answers: Answers,
                  confidence: Confidence | None = None, *,
                  sequence: int | None = None) -> tuple[int, int]:
    """Save `answers` and move case `case_id` on to its next stage, closing the one left.
    Returns (the new stage index, the case's stage count). Refusals as for a save (stale
    page, time up, a closed stage); BadInput for an unknown case or its last stage."""
    refusal: ServiceError | None = None
    moved = (0, 0)
    with write_transaction():
        attempt = locked_attempt(user_id, attempt_id)
        if attempt.status != "open":
            raise AlreadySubmitted(SUBMITTED_MESSAGE)
        if attempt.mode != "test":
            raise BadInput("Practice attempts move on one question at a time.")
        refusal = why_refused(attempt, answers, sequence, utcnow())
        if refusal is None:
            items = attempt_questions(attempt.id)
            refused = store_answers(attempt, answers, items, saved_responses(attempt.id),
                                    confidence)
            record_save(attempt, answers, confidence, refused, "advance")
            if refused:  # stay on this stage: a refused answer must be seen and corrected
                refusal = (stages.StageClosed(stages.closed_of(refused), attempt.sequence)
                           if stages.closed_of(refused)
                           else AnswersRefused(refused, attempt.sequence))
            else:
                moved = stages.advance(attempt, case_id, [q for _, q in items])
    if refusal is not None:
        raise refusal
    return moved
