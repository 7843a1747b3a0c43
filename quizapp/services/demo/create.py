"""Creating the demo class: the demo instructor's cohort of simulated students, and three
weeks of their activity replayed through the real services on a simulated clock, so the
gradebook, item statistics, histograms and results pages have something to show.

Deterministic: the same seed, number of students, course and end date give the same rows
(ids and the cohort's join code aside, which are the database's and `secrets`'). The
simulation's days end at midnight UTC of `today`, so nothing is dated in the future.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, func, select

from ...database import relaxed_durability, write_transaction
from ...extensions import db
from ...models import Attempt, Cohort, CohortMember, LessonProgress, Response, ReviewCard, User
from ...simulation import simulated
from ..accounts import cohorts, users
from ..errors import BadInput, Conflict
from .activity import StudentActivity
from .course import read_course
from .identity import (
    COHORT_NAME,
    UNUSABLE_PASSWORD,
    demo_cohort_id,
    demo_instructor_id,
    simulated_student_ids,
)
from .model import make_class
from .remove import remove_demo_class

DEFAULT_STUDENTS = 40
MAX_STUDENTS = 200
DEFAULT_SEED = 1
SPAN = timedelta(days=21)

Progress = Callable[[int, int], None]  # (students done, students in all)


class DemoClassExists(Conflict):
    """There is a demo class already; remove it first."""


@dataclass(frozen=True)
class DemoClass:
    """What was created (or found), for the command's summary line."""

    cohort_id: int
    cohort_name: str
    join_code: str
    students: int
    quiz_attempts: int
    practice_sets: int
    responses: int
    lessons_read: int
    review_cards: int
    first: datetime | None
    last: datetime | None


def create_demo_class(*, students: int = DEFAULT_STUDENTS, seed: int = DEFAULT_SEED,
                      today: date | None = None, progress: Progress | None = None) -> DemoClass:
    """Create the demo cohort with `students` simulated students and their three weeks.
    DemoClassExists when there is one; Conflict when there is no course to study; BadInput
    for a class size outside 1-MAX_STUDENTS. Anything half-made by a failure is removed."""
    if not 1 <= students <= MAX_STUDENTS:
        raise BadInput(f"A demo class has 1 to {MAX_STUDENTS} students, not {students}.")
    _check_absent()
    course = read_course(seed)
    if not any(step.quiz_id for step in course.steps):
        raise Conflict("There is no course to simulate yet: import one first "
                       "(flask --app quizapp quiz import questions).")
    users.ensure_demo_accounts()
    instructor_id = demo_instructor_id()
    assert instructor_id is not None  # just ensured
    end = datetime.combine(today or datetime.now(UTC).date(), datetime.min.time(), tzinfo=UTC)
    start = end - SPAN
    people = make_class(students, seed, len(course.steps))
    try:
        with relaxed_durability(), simulated(start - timedelta(days=1), seed) as simulation:
            cohort = cohorts.create_cohort(instructor_id, COHORT_NAME)
            user_ids = _enrol(cohort.id, [p.username for p in people])
            for done, (person, user_id) in enumerate(zip(people, user_ids, strict=True), 1):
                rng = random.Random(f"demo-activity:{seed}:{person.number}")
                StudentActivity(person, user_id, course, simulation, rng, start, end).run()
                if progress is not None:
                    progress(done, students)
    except BaseException:
        db.session.rollback()
        remove_demo_class()  # leave nothing half-made (and the next run free to start)
        raise
    return describe(cohort.id)


def _check_absent() -> None:
    cohort_id = demo_cohort_id()
    if cohort_id is not None:
        found = len(simulated_student_ids(cohort_id))
        raise DemoClassExists(
            f"The demo class already exists ('{COHORT_NAME}', {found} simulated students). "
            "Remove it first: flask --app quizapp quiz demo-class --remove")
    if simulated_student_ids(None):
        raise DemoClassExists("Simulated students of an earlier demo class are still there. "
                              "Remove them first: flask --app quizapp quiz demo-class --remove")


def _enrol(cohort_id: int, usernames: list[str]) -> list[int]:
    """The simulated students' accounts (no usable password) and their places in the cohort,
    in one transaction; their ids in the same order."""
    with write_transaction():
        if db.session.scalar(select(User.id).where(User.username.in_(usernames))) is not None:
            raise Conflict("A username of the demo class's students is taken; remove the "
                           "demo class first (quiz demo-class --remove).")
        accounts = [User(username=name, password_hash=UNUSABLE_PASSWORD, role="student")
                    for name in usernames]
        db.session.add_all(accounts)
        db.session.flush()
        ids = [account.id for account in accounts]
        db.session.add_all(CohortMember(cohort_id=cohort_id, user_id=uid) for uid in ids)
    return ids


def describe(cohort_id: int) -> DemoClass:
    """Counts of what the demo class holds."""
    ids = simulated_student_ids(cohort_id)
    mine = Attempt.user_id.in_(ids)
    attempts: dict[bool, int] = {}
    for purpose, n in db.session.execute(select(Attempt.purpose, func.count()).where(mine)
                                         .group_by(Attempt.purpose)):
        attempts[purpose == "quiz"] = attempts.get(purpose == "quiz", 0) + n
    first, last = db.session.execute(
        select(func.min(Attempt.started_at), func.max(Attempt.submitted_at)).where(mine)).one()
    cohort = db.session.get_one(Cohort, cohort_id)
    return DemoClass(
        cohort_id, cohort.name, cohorts.format_code(cohort.join_code), len(ids),
        attempts.get(True, 0), attempts.get(False, 0),
        _count(select(func.count()).select_from(Response).join(
            Attempt, Attempt.id == Response.attempt_id).where(mine)),
        _count(select(func.count()).select_from(LessonProgress)
               .where(LessonProgress.user_id.in_(ids))),
        _count(select(func.count()).select_from(ReviewCard).where(ReviewCard.user_id.in_(ids))),
        first, last)


def _count(query: Select[int]) -> int:
    return int(db.session.scalar(query) or 0)
