"""Unfolding case studies in a test-mode attempt: which stage of each case the student has
reached, moving on (an explicit action that closes the stage left), and refusing a change to a
closed stage or to one not yet reached.

In test mode a stage once left is closed whatever the case's `navigation` says (`free` is for
practice, where each question is checked, and so final, one at a time). Reached stages are
appended to attempt_stage, never changed; a case's current stage is the highest reached, and
the first when none is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, AttemptItem, AttemptStage
from ...models.types import utcnow
from ..errors import BadInput, Conflict
from . import audit
from .refused_answers import RefusedAnswer


def stage_of(question: QuestionContent) -> tuple[str, int] | None:
    """(case id, stage index) of an unfolding case's item; None for any other item."""
    case = question.case
    if case is None or not case.unfolding or case.stage is None:
        return None
    return case.id, case.stage


def current_stages(attempt_id: int) -> dict[str, int]:
    """Per case id, the stage the attempt has reached (cases still at stage 0 are absent)."""
    return {case_id: stage for case_id, stage in db.session.execute(
        select(AttemptStage.case_id, func.max(AttemptStage.stage))
        .where(AttemptStage.attempt_id == attempt_id).group_by(AttemptStage.case_id))}


def refusals(attempt: Attempt, items: Iterable[tuple[AttemptItem, QuestionContent]]
             ) -> dict[str, RefusedAnswer]:
    """Per question id, the refusal of an answer to an unfolding case's item whose stage the
    student has left (closed) or not yet reached. Only a test-mode attempt closes stages."""
    if attempt.mode != "test":
        return {}
    placed = [(item, q, where) for item, q in items if (where := stage_of(q)) is not None]
    if not placed:
        return {}
    reached = current_stages(attempt.id)
    out = {}
    for item, q, (case_id, stage) in placed:
        current = reached.get(case_id, 0)
        if stage != current:
            out[q.id] = RefusedAnswer(q.id, item.position + 1, _message(
                item.position + 1, q, left=stage < current), stage_closed=True)
    return out


def _message(number: int, question: QuestionContent, *, left: bool) -> str:
    title = question.case.title if question.case else ""
    if left:
        return (f"Question {number} was not saved: you have moved on from its stage of the "
                f"case study \"{title}\", so its answer is closed and can't change. Your "
                "other answers are saved; the page now shows the stage you are on.")
    return (f"Question {number} was not saved: its stage of the case study \"{title}\" has "
            "not been reached yet. Your other answers are saved; the page now shows the stage "
            "you are on.")


class StageClosed(Conflict):
    """Answers named questions of case stages the student has left or not reached (409);
    the other answers were saved."""

    def __init__(self, refused: Sequence[RefusedAnswer], sequence: int) -> None:
        super().__init__(refused[0].message if len(refused) == 1 else
                         "Answers to questions "
                         + ", ".join(str(r.number) for r in refused)
                         + " were not saved: their case study stages are closed. Your other "
                         "answers are saved; the page now shows the stage you are on.")
        self.refused = tuple(refused)
        self.sequence = sequence


def closed_of(refused: Iterable[RefusedAnswer]) -> list[RefusedAnswer]:
    """The refusals that are closed (or unreached) case stages."""
    return [r for r in refused if r.stage_closed]


def advance(attempt: Attempt, case_id: str,
            questions: list[QuestionContent]) -> tuple[int, int]:
    """Move the attempt's case `case_id` on to its next stage, closing the current one (in
    the caller's transaction, with the attempt row locked). Returns (new stage, stage count).
    BadInput when the attempt has no such case or it is at its last stage."""
    stages = [s for q in questions if (s := stage_of(q)) is not None and s[0] == case_id]
    if not stages:
        raise BadInput("This attempt has no such case study.")
    count = next(q.case.stage_count for q in questions
                 if q.case is not None and q.case.id == case_id)
    current = current_stages(attempt.id).get(case_id, 0)
    if current + 1 >= count:
        raise BadInput("This is the case study's last stage; submit when you are ready.")
    db.session.add(AttemptStage(attempt_id=attempt.id, case_id=case_id, stage=current + 1,
                                reached_at=utcnow()))
    attempt.sequence += 1  # any page showing the stage left is now out of date
    audit.record(attempt, "advanced", case=case_id, stage=current + 1,
                 sequence=attempt.sequence)
    return current + 1, count
