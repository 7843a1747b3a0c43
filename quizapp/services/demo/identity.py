"""What marks the demo class, the one definition: its cohort (by name, owned by the demo
instructor) and its simulated students (a reserved username and a password that can never
match), and how to find them."""

from __future__ import annotations

from sqlalchemy import or_, select

from ...extensions import db
from ...models import Cohort, CohortMember, User
from ..accounts.policy import SIMULATED_USERNAME
from ..accounts.users import DEMO_ACCOUNTS

COHORT_NAME = "Demo class (simulated students)"
# Not an argon2 hash: verifying any password against it fails, so nobody can log in as a
# simulated student (an instructor's password reset would give one a real password).
UNUSABLE_PASSWORD = "!simulated-student"


def demo_instructor_id() -> int | None:
    """The demo instructor's id (`quiz demo-accounts`), or None when there is none."""
    username = next(name for role, name, _ in DEMO_ACCOUNTS if role == "instructor")
    return db.session.scalar(select(User.id).where(User.username == username,
                                                   User.role == "instructor"))


def demo_cohort_id() -> int | None:
    """The demo class's cohort, or None when there is none."""
    owner = demo_instructor_id()
    if owner is None:
        return None
    return db.session.scalar(select(Cohort.id).where(Cohort.instructor_id == owner,
                                                     Cohort.name == COHORT_NAME))


def simulated_student_ids(cohort_id: int | None) -> list[int]:
    """The simulated students: a reserved username, and the unusable password or a place in
    the demo cohort (a password reset may have given one a real password)."""
    members = (select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
               if cohort_id is not None else None)
    marked = User.password_hash == UNUSABLE_PASSWORD
    query = select(User.id, User.username).where(
        User.username.like("demo-student-%"), User.role == "student",
        or_(marked, User.id.in_(members)) if members is not None else marked)
    return sorted(uid for uid, name in db.session.execute(query)
                  if SIMULATED_USERNAME.fullmatch(name))


def database_is_new() -> bool:
    """True for a database nobody has used: no account at all, not even the demo ones. `make
    run` adds the demo class only then, so one removed stays removed (the demo accounts
    remain) and a database with real people in it is never touched."""
    return db.session.scalar(select(User.id).limit(1)) is None
