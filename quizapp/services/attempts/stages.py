"""Unfolding case studies in a test-mode attempt: which stage of each case the student has
reached, moving on (an explicit action that closes the stage left), and refusing a change to a
closed stage or to one not yet reached.

In test mode a stage once left is closed whatever the case's `navigation` says (`free` is for
practice, where each question is checked, and so final, one at a time). Reached stages are
appended to attempt_stage, never changed; a case's current stage is the highest reached, and
the first when none is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, AttemptStage
from ...models.types import utcnow
from ..errors import BadInput, Conflict
from . import audit


class StageClosed(Conflict):
    """An answer names a question of a case stage the student has left (or not reached)."""


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


def refusal(attempt: Attempt, named: Iterable[QuestionContent]) -> StageClosed | None:
    """Why answers to `named` questions may not be stored (recorded in the audit trail), or
    None. Only a test-mode attempt closes stages."""
    if attempt.mode != "test":
        return None
    reached = current_stages(attempt.id)
    closed, early = [], []
    for question in named:
        where = stage_of(question)
        if where is None:
            continue
        current = reached.get(where[0], 0)
        if where[1] < current:
            closed.append(question)
        elif where[1] > current:
            early.append(question)
    if not closed and not early:
        return None
    audit.record(attempt, "refused_closed", questions=sorted(q.id for q in closed + early))
    return StageClosed(_message(closed, early))


def _message(closed: list[QuestionContent], early: list[QuestionContent]) -> str:
    if closed:
        case = closed[0].case
        title = case.title if case else ""
        return (f"Nothing was saved: you have moved on from that stage of the case study "
                f"\"{title}\", so its answers are closed and can't change. The page now shows "
                "the stage you are on.")
    return ("Nothing was saved: that stage of the case study has not been reached yet. The "
            "page now shows the stage you are on.")


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
