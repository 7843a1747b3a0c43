"""Who may change what in a cohort (services/accounts/cohort_admin.refusal), as the table in
docs/instructors.md states it: owner, co-teacher, LMS course cohort, archived cohort."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quizapp.models import Cohort
from quizapp.services.accounts.cohort_admin import ACTIONS, allowed, refusal
from quizapp.services.errors import Conflict, Forbidden

OWNER, CO_TEACHER = 1, 2
EVERYTHING = set(ACTIONS)


def _cohort(owner: int | None = OWNER, archived: bool = False) -> Cohort:
    return Cohort(id=7, instructor_id=owner, name="Group A", join_code="ABCDEFGHJK",
                  archived_at=datetime(2030, 1, 1, tzinfo=UTC) if archived else None)


@pytest.mark.parametrize("actor, owner, archived, expected", [
    (OWNER, OWNER, False, EVERYTHING),
    (CO_TEACHER, OWNER, False, {"new_code", "members"}),
    (OWNER, OWNER, True, {"archive", "teachers"}),  # read-only but for these
    (CO_TEACHER, OWNER, True, set()),
    (CO_TEACHER, None, False, {"new_code"}),  # an LMS course's cohort
    (CO_TEACHER, None, True, set()),
])
def test_who_may_do_what(actor, owner, archived, expected):
    assert allowed(actor, _cohort(owner, archived)) == expected


@pytest.mark.parametrize("actor, owner, archived, action, error, words", [
    (CO_TEACHER, OWNER, False, "rename", Forbidden, "Only the cohort's owner can rename it"),
    (CO_TEACHER, OWNER, False, "teachers", Forbidden, "choose its co-teachers"),
    (OWNER, OWNER, True, "members", Conflict, "Group A is archived"),
    (OWNER, None, False, "archive", Forbidden, "mirrors an LMS course"),
])
def test_each_refusal_says_why(actor, owner, archived, action, error, words):
    refused = refusal(actor, _cohort(owner, archived), action)
    assert isinstance(refused, error) and words in refused.message
