"""Managing a cohort from the browser: rename, archive, a new join code, students removed or
moved, co-teachers added and removed. Each change is audited in its own transaction.

Who may do what (docs/instructors.md says the same for people):
- the cohort's **owner** (its creator) may do everything here;
- a **co-teacher** (a cohort_instructor row the owner added, or an LMS course's instructor)
  sees the cohort as the owner does and may make a new join code and remove or move students;
  renaming, archiving and choosing co-teachers stay with the owner.
An LMS course's cohort has no owner: its name and people come from the LMS, so only a new join
code is possible here. An archived cohort is read-only until its owner unarchives it (its
co-teachers can still be changed: who may see old results is not the cohort's content).
"""

from __future__ import annotations

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import Cohort, CohortInstructor, CohortMember, Quiz, QuizWindow, User
from ...models.types import utcnow
from ..errors import BadInput, Conflict, Forbidden, NotFound, ServiceError
from ..policy import audit
from ..policy.windows import refresh_open_attempts
from .cohorts import clean_name, format_code, new_code, owned_by

NO_COHORT = "There is no such cohort among yours."
LMS_COHORT = ("This cohort mirrors an LMS course: its name and its people come from the LMS. "
              "Change them there.")


def managed(actor_id: int, cohort_id: int, *, lock: bool = False) -> Cohort:
    """The cohort if the actor owns or co-teaches it; NotFound otherwise (a cohort that is
    not yours is not revealed). `lock`: held until the write transaction ends, so that a
    double click on PostgreSQL waits for the first change and sees it (SQLite's write
    transactions already take turns)."""
    query = select(Cohort).where(Cohort.id == cohort_id, owned_by(actor_id))
    cohort = db.session.scalar(query.with_for_update(of=Cohort) if lock else query)
    if cohort is None:
        raise NotFound(NO_COHORT)
    return cohort


# What each action is called in a refusal; the first three are the owner's alone.
ACTIONS = {"rename": "rename it", "archive": "archive or unarchive it",
           "teachers": "choose its co-teachers", "new_code": "make a new join code",
           "members": "remove or move its students"}
OWNER_ONLY = ("rename", "archive", "teachers")


def refusal(actor_id: int, cohort: Cohort, action: str) -> ServiceError | None:
    """Why the actor, who owns or co-teaches the cohort, may not do `action` (one of
    ACTIONS) to it; None when they may. The one statement of who may do what."""
    if cohort.instructor_id is None and action != "new_code":
        return Forbidden(LMS_COHORT)
    if action in OWNER_ONLY and cohort.instructor_id != actor_id:
        return Forbidden(f"Only the cohort's owner can {ACTIONS[action]}; co-teachers cannot.")
    if action in ("rename", "new_code", "members") and cohort.archived_at is not None:
        return Conflict(f"{cohort.name} is archived: its owner must unarchive it before you "
                        f"can {ACTIONS[action]}.")
    return None


def allowed(actor_id: int, cohort: Cohort) -> frozenset[str]:
    """The ACTIONS the actor may take on the cohort now (for the page to offer)."""
    return frozenset(a for a in ACTIONS if refusal(actor_id, cohort, a) is None)


def check(actor_id: int, cohort_id: int, action: str, *, lock: bool = False) -> Cohort:
    """The cohort if the actor may do `action` to it; NotFound, Forbidden or Conflict
    otherwise (without `lock`: for a page that asks before doing it)."""
    cohort = managed(actor_id, cohort_id, lock=lock)
    error = refusal(actor_id, cohort, action)
    if error is not None:
        raise error
    return cohort


def rename_cohort(actor_id: int, cohort_id: int, text: str) -> str:
    """Give the cohort a new name (owner only); BadInput for an empty, too long or unprintable
    name or one the owner already uses. Returns the name it now has."""
    name = clean_name(text)
    with write_transaction():
        cohort = check(actor_id, cohort_id, "rename", lock=True)
        if name == cohort.name:
            return name
        if db.session.scalar(select(Cohort.id).where(
                Cohort.instructor_id == cohort.instructor_id, Cohort.name == name,
                Cohort.id != cohort.id)) is not None:
            raise BadInput(f"You already have a cohort called '{name}'.")
        audit.record(actor_id, "renamed_cohort", cohort_id=cohort.id, before=cohort.name,
                     after=name)
        cohort.name = name
    return name


def set_archived(actor_id: int, cohort_id: int, archived: bool) -> bool:
    """Archive (no new students, out of "All my cohorts") or unarchive the cohort (owner
    only); False when it already was so."""
    with write_transaction():
        cohort = check(actor_id, cohort_id, "archive", lock=True)
        if (cohort.archived_at is not None) == archived:
            return False
        cohort.archived_at = utcnow() if archived else None
        audit.record(actor_id, "archived_cohort" if archived else "unarchived_cohort",
                     cohort_id=cohort.id)
    return True


def new_join_code(actor_id: int, cohort_id: int) -> str:
    """Replace the cohort's join code (the old one stops working at once); the new code,
    formatted. The codes are not written to the audit log: they are keys."""
    with write_transaction():
        cohort = check(actor_id, cohort_id, "new_code", lock=True)
        cohort.join_code = new_code()
        audit.record(actor_id, "new_join_code", cohort_id=cohort.id)
        code = format_code(cohort.join_code)
    return code


def _member(cohort: Cohort, student_id: int) -> tuple[CohortMember, User]:
    row = db.session.execute(
        select(CohortMember, User).join(User, User.id == CohortMember.user_id)
        .where(CohortMember.cohort_id == cohort.id, CohortMember.user_id == student_id)
        .with_for_update(of=CohortMember)).first()
    if row is None:
        raise NotFound(f"There is no such student in {cohort.name}.")
    return row[0], row[1]


def remove_student(actor_id: int, cohort_id: int, student_id: int) -> str:
    """Take the student out of the cohort (their attempts stay; they may join again with the
    code). Returns their username."""
    with write_transaction():
        cohort = check(actor_id, cohort_id, "members", lock=True)
        member, student = _member(cohort, student_id)
        audit.record(actor_id, "removed_student", cohort_id=cohort.id, user_id=student.id,
                     joined_at=member.joined_at.isoformat())
        db.session.delete(member)
        _follow_windows(student.id, [cohort.id])
        username = student.username
    return username


def move_student(actor_id: int, cohort_id: int, student_id: int, target_id: int
                 ) -> tuple[str, str]:
    """Move the student to another cohort of the same owner that the actor also teaches.
    Returns (username, the target's name)."""
    with write_transaction():
        cohort = check(actor_id, cohort_id, "members", lock=True)
        member, student = _member(cohort, student_id)
        if target_id == cohort.id:
            raise BadInput(f"{student.username} is already in {cohort.name}.")
        target = db.session.scalar(select(Cohort).where(
            Cohort.id == target_id, Cohort.instructor_id == cohort.instructor_id,
            owned_by(actor_id)))
        if target is None:
            raise NotFound("Students move only between cohorts of the same owner that you "
                           "teach; there is no such cohort among them.")
        if target.archived_at is not None:
            raise Conflict(f"{target.name} is archived and takes no new students.")
        if db.session.scalar(select(CohortMember.id).where(
                CohortMember.cohort_id == target.id,
                CohortMember.user_id == student.id)) is not None:
            raise BadInput(f"{student.username} is already in {target.name}; remove them from "
                           f"{cohort.name} instead.")
        audit.record(actor_id, "moved_student", cohort_id=cohort.id, user_id=student.id,
                     to_cohort_id=target.id, before=cohort.name, after=target.name,
                     joined_at=member.joined_at.isoformat())
        db.session.delete(member)
        db.session.add(CohortMember(cohort_id=target.id, user_id=student.id))
        _follow_windows(student.id, [cohort.id, target.id])
        moved = (student.username, target.name)
    return moved


def _follow_windows(student_id: int, cohort_ids: list[int]) -> None:
    """The student's open attempts take the close their cohorts now give them."""
    db.session.flush()
    for quiz in db.session.scalars(select(Quiz).where(Quiz.id.in_(
            select(QuizWindow.quiz_id).where(QuizWindow.cohort_id.in_(cohort_ids))))).all():
        refresh_open_attempts(quiz, [student_id])


def add_co_teacher(actor_id: int, cohort_id: int, username: str) -> str:
    """Let another instructor see and help run the cohort (owner only); NotFound for an
    unknown username, BadInput for a student account, the owner or a co-teacher already
    there. Returns their username."""
    username = (username or "").strip()
    if not username:
        raise BadInput("Give the username of an instructor account.")
    with write_transaction():
        cohort = check(actor_id, cohort_id, "teachers", lock=True)
        user = db.session.scalar(select(User).where(User.username == username,
                                                    User.deleted_at.is_(None)))
        if user is None:
            raise NotFound(f"No account is called '{username[:64]}'. Ask them for the "
                           "username they log in with.")
        if not user.is_instructor:
            raise BadInput(f"'{user.username}' is a student account: only instructors can "
                           "co-teach a cohort.")
        if user.id == cohort.instructor_id:
            raise BadInput(f"'{user.username}' owns this cohort already.")
        row = db.session.scalar(select(CohortInstructor).where(
            CohortInstructor.cohort_id == cohort.id, CohortInstructor.user_id == user.id))
        if row is not None and row.left_at is None:
            raise BadInput(f"'{user.username}' already co-teaches this cohort.")
        if row is None:  # one row per person and cohort: someone removed before comes back
            db.session.add(CohortInstructor(cohort_id=cohort.id, user_id=user.id,
                                            added_at=utcnow()))
        else:
            row.added_at, row.left_at = utcnow(), None
        audit.record(actor_id, "added_co_teacher", cohort_id=cohort.id, user_id=user.id)
        name = user.username
    return name


def remove_co_teacher(actor_id: int, cohort_id: int, teacher_id: int) -> str:
    """End a co-teacher's access to the cohort (owner only; the row is kept, marked).
    Returns their username."""
    with write_transaction():
        cohort = check(actor_id, cohort_id, "teachers", lock=True)
        row = db.session.execute(
            select(CohortInstructor, User.username).join(User, User.id == CohortInstructor.user_id)
            .where(CohortInstructor.cohort_id == cohort.id, CohortInstructor.user_id == teacher_id,
                   CohortInstructor.left_at.is_(None))).first()
        if row is None:
            raise NotFound("There is no such co-teacher of this cohort.")
        row[0].left_at = utcnow()
        audit.record(actor_id, "removed_co_teacher", cohort_id=cohort.id, user_id=teacher_id)
        name: str = row[1]
    return name
