"""Which of a student's attempts the item statistics read, as Moodle's report offers them.

Moodle's report defaults to the attempts its quiz's grading method counts. quizapp has no
grading method per quiz (the gradebook shows each student's best score), and students see the
key and a rationale for every option after each attempt, so a later attempt partly measures
memory of the key. The default is therefore each student's first attempt; "highest" picks the
attempt the gradebook shows (the best score, the earliest of equal ones, as Moodle breaks the
tie), "last" the latest, "all" every attempt.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from ...models import Attempt
from ..accounts.cohorts import Scope
from ..errors import BadInput

WHICH_ATTEMPTS = {
    "first": "the first submitted attempt of each student",
    "highest": "the highest-scoring attempt of each student (the one the gradebook shows)",
    "last": "the last submitted attempt of each student",
    "all": "every submitted attempt, each counted as if by a different student (this may be "
           "statistically invalid)",
}
DEFAULT_ATTEMPTS = "first"


def check_which(which: str) -> str:
    """`which` when it names a choice; BadInput otherwise."""
    if which not in WHICH_ATTEMPTS:
        raise BadInput(f"Unknown attempts choice '{which[:40]}': use "
                       f"{', '.join(WHICH_ATTEMPTS)}.")
    return which


def chosen_attempts(scope: Scope, quiz_id: int, which: str) -> Any:
    """A SELECT of the ids of the attempts to read: submitted quiz attempts of the students in
    scope, per `which` (see WHICH_ATTEMPTS). Deleted accounts' answers count (anonymised)."""
    where = (Attempt.quiz_id == quiz_id, Attempt.status == "submitted",
             Attempt.counts_toward_grade, Attempt.user_id.in_(scope.student_ids(anonymised=True)))
    if check_which(which) == "all":
        return select(Attempt.id).where(*where)
    if which in ("first", "last"):
        pick = func.min if which == "first" else func.max
        return select(pick(Attempt.id)).where(*where).group_by(Attempt.user_id)
    return select(Attempt.id).where(*where, ~exists().where(_better_attempt(quiz_id)))


def _better_attempt(quiz_id: int) -> Any:
    """Another submitted attempt of the same student with a higher score (compared as
    earned/possible by cross-multiplying, so no rounding), or an equal one that came first."""
    other = aliased(Attempt)
    mine = func.coalesce(Attempt.earned, 0) * other.possible
    theirs = func.coalesce(other.earned, 0) * Attempt.possible
    return and_(other.user_id == Attempt.user_id, other.quiz_id == quiz_id,
                other.status == "submitted", other.counts_toward_grade,
                or_(theirs > mine, and_(theirs == mine, other.id < Attempt.id)))
