"""Which of a student's attempts the item statistics read, as Moodle's report offers them.

Moodle's report defaults to the attempts its quiz's grading method counts. Students usually
see the key and a rationale for every option after each attempt, so a later attempt partly
measures memory of the key. The default is therefore each student's first attempt; "highest"
picks the best score in marks (the earliest of equal ones, as Moodle breaks the tie), "last"
the latest, "all" every attempt.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from ...models import Attempt
from ..accounts.cohorts import Scope
from ..errors import BadInput
from ..grades.scaled import attempt_units, scale_for

WHICH_ATTEMPTS = {
    "first": "the first submitted attempt of each student",
    "highest": "the highest-scoring attempt of each student (in marks)",
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
    candidates = select(Attempt.id).where(*where)
    units = attempt_units(candidates, scale_for(candidates)).alias("units")
    other_units = units.alias("other_units")
    other = aliased(Attempt)
    # Another attempt of the same student with more marks (cross-multiplied: exact), or
    # equal marks that came first.
    mine = units.c.earned * other_units.c.possible
    theirs = other_units.c.earned * units.c.possible
    better = (select(other.id).join(other_units, other_units.c.attempt_id == other.id)
              .where(other.user_id == Attempt.user_id, other.id != Attempt.id,
                     or_(theirs > mine, and_(theirs == mine, other.id < Attempt.id))))
    return (select(Attempt.id).join(units, units.c.attempt_id == Attempt.id)
            .where(*where, ~exists(better)))
