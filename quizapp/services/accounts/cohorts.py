"""Cohorts: instructors create them and hand out a join code; students join with it.

Everything an instructor sees about students goes through a `Scope`: the students of their
cohorts (or one of them). The command line uses an unrestricted scope.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from ...database import write_transaction
from ...extensions import db
from ...models import Cohort, CohortInstructor, CohortMember, User
from ...models.types import parse_id
from ..errors import BadInput, Conflict, Forbidden, NotFound

# No 0/O, 1/I/L or U: nothing to misread when typing a code from a slide.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 30**10 ≈ 5.9e14 codes (49 bits): not guessable
MAX_NAME = 100


@dataclass(frozen=True)
class CohortInfo:
    id: int
    name: str
    code: str  # formatted for display, e.g. 7KQ2M-XW9TB
    members: int
    archived: bool = False


def owned_by(instructor_id: int) -> ColumnElement[bool]:
    """Who owns a cohort, the one definition: its creator, and the instructors of an LMS
    course it mirrors (cohort_instructor) until they leave the course."""
    return or_(Cohort.instructor_id == instructor_id, Cohort.id.in_(
        select(CohortInstructor.cohort_id).where(CohortInstructor.user_id == instructor_id,
                                                 CohortInstructor.left_at.is_(None))))


def live_account() -> ColumnElement[bool]:
    """An account that is not deleted: `quiz delete-user` keeps the row as a pseudonym that
    owns the person's submitted answers (and stays in their cohorts) for item statistics;
    member counts, rosters, gradebooks and exports leave it out."""
    return User.deleted_at.is_(None)


@dataclass(frozen=True)
class Scope:
    """Whose data a report covers: an instructor's cohorts (optionally one), or everyone.
    `active_only` leaves out archived cohorts: "All my cohorts" on the report pages."""

    instructor_id: int | None
    cohort_id: int | None = None
    active_only: bool = False

    def cohorts(self) -> ColumnElement[bool]:
        """Which of the instructor's cohorts the scope covers (without `cohort_id`)."""
        assert self.instructor_id is not None
        if self.active_only:
            return and_(owned_by(self.instructor_id), Cohort.archived_at.is_(None))
        return owned_by(self.instructor_id)

    def student_ids(self, anonymised: bool = False) -> Select[int]:
        """A subquery of the user ids in scope, for `column.in_(...)`. Deleted accounts (kept
        as pseudonyms for their answers) count only with `anonymised`, for statistics."""
        if self.cohort_id is not None:
            ids = select(CohortMember.user_id).where(CohortMember.cohort_id == self.cohort_id)
        elif self.instructor_id is not None:
            ids = (select(CohortMember.user_id).join(Cohort, Cohort.id == CohortMember.cohort_id)
                   .where(self.cohorts()))
        else:
            ids = select(User.id).where(User.role == "student")
        if anonymised:
            return ids
        return select(User.id).where(User.id.in_(ids), live_account())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    """Upper case without spaces or dashes; BadInput if it cannot be a join code."""
    code = "".join(ch for ch in (text or "").upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise BadInput(f"A join code has {CODE_LENGTH} letters and digits, like "
                       "7KQ2M-XW9TB. Check the code your instructor gave you.")
    return code


def clean_name(text: str | None) -> str:
    """A cohort name with its spaces tidied; BadInput if empty, too long or unprintable."""
    name = " ".join((text or "").split())
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"A cohort name needs 1-{MAX_NAME} characters.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise BadInput("A cohort name cannot contain control or invisible characters.")
    return name


def new_code() -> str:
    """A join code no cohort has (in the caller's transaction)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Cohort.id).where(Cohort.join_code == code)) is None:
            return code


def create_cohort(instructor_id: int, name: str) -> CohortInfo:
    """Create a cohort with a fresh join code; BadInput for an empty or duplicate name."""
    name = clean_name(name)
    with write_transaction():
        owner = db.session.get(User, instructor_id)
        if owner is None or not owner.is_instructor:
            raise Forbidden("Only instructors can create cohorts.")
        if db.session.scalar(select(Cohort.id).where(Cohort.instructor_id == instructor_id,
                                                     Cohort.name == name)) is not None:
            raise BadInput(f"You already have a cohort called '{name}'.")
        cohort = Cohort(instructor_id=instructor_id, name=name, join_code=new_code())
        db.session.add(cohort)
        db.session.flush()
        info = CohortInfo(cohort.id, cohort.name, format_code(cohort.join_code), 0)
    return info


def join_cohort(user_id: int, code_text: str) -> tuple[str, bool]:
    """Add the student to the cohort with this code. Returns (cohort name, newly joined)."""
    code = normalise_code(code_text)
    with write_transaction():
        user = db.session.get(User, user_id)
        if user is None or user.role != "student":
            raise Forbidden("Only student accounts join cohorts.")
        cohort = db.session.scalar(select(Cohort).where(Cohort.join_code == code))
        if cohort is None:
            raise NotFound("No cohort has this join code. Check it with your instructor.")
        exists = db.session.scalar(select(CohortMember.id).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id))
        if exists is None and cohort.archived_at is not None:
            raise Conflict(f"{cohort.name} is archived and takes no new students. Ask your "
                           "instructor for the code of a current cohort.")
        if exists is None:
            db.session.add(CohortMember(cohort_id=cohort.id, user_id=user_id))
        name = cohort.name
    return name, exists is None


def cohorts_of(instructor_id: int) -> list[CohortInfo]:
    """The instructor's cohorts with their member counts: current ones by name, then the
    archived ones by name. A deleted account (kept as a pseudonym for statistics) is no
    member here, as on the cohort's page and in the gradebook (`live_account`)."""
    archived = Cohort.archived_at.is_not(None)
    rows = db.session.execute(
        select(Cohort.id, Cohort.name, Cohort.join_code, func.count(User.id), archived)
        .outerjoin(CohortMember, CohortMember.cohort_id == Cohort.id)
        .outerjoin(User, and_(User.id == CohortMember.user_id, live_account()))
        .where(owned_by(instructor_id))
        .group_by(Cohort.id, Cohort.name, Cohort.join_code, Cohort.archived_at)
        .order_by(archived, Cohort.name)).all()
    return [CohortInfo(i, name, format_code(code), n, bool(gone))
            for i, name, code, n, gone in rows]


def memberships(user_id: int) -> list[str]:
    """Names of the cohorts a student belongs to."""
    return list(db.session.scalars(
        select(Cohort.name).join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user_id).order_by(Cohort.name)))


def instructor_scope(instructor_id: int, cohort: str | None) -> Scope:
    """The scope for a page's `cohort` query parameter: empty means all the instructor's
    current (not archived) cohorts; anything else must be the id of one of them, archived
    or not (404 otherwise)."""
    if not cohort:
        return Scope(instructor_id, active_only=True)
    cohort_id = parse_id(cohort)
    if cohort_id is None:
        raise BadInput(f"The cohort filter must be the number of one of your cohorts, "
                       f"not '{cohort[:20]}'.")
    if db.session.scalar(select(Cohort.id).where(Cohort.id == cohort_id,
                                                 owned_by(instructor_id))) is None:
        raise NotFound("There is no such cohort among yours.")
    return Scope(instructor_id, cohort_id)


def code_scope(code_text: str | None) -> Scope:
    """The scope for the command line's --cohort CODE option (everyone without it)."""
    if not code_text:
        return Scope(None)
    cohort_id = db.session.scalar(select(Cohort.id).where(
        Cohort.join_code == normalise_code(code_text)))
    if cohort_id is None:
        raise NotFound(f"No cohort has the join code '{code_text}'.")
    return Scope(None, cohort_id)


def require_in_scope(scope: Scope, student_id: int) -> User:
    """The student if they are in scope; NotFound otherwise (existence is not revealed)."""
    user = db.session.scalar(select(User).where(
        User.id == student_id, User.role == "student", User.id.in_(scope.student_ids())))
    if user is None:
        raise NotFound("There is no such student in your cohorts.")
    return user


def cohort_names(scope: Scope, student_id: int | None = None) -> dict[int, list[str]]:
    """Per student in scope (or just `student_id`), the names of their cohorts that the scope
    covers: an instructor never sees the names of another instructor's cohorts."""
    query = (select(CohortMember.user_id, Cohort.name)
             .join(Cohort, Cohort.id == CohortMember.cohort_id).order_by(Cohort.name))
    if student_id is not None:
        query = query.where(CohortMember.user_id == student_id)
    if scope.cohort_id is not None:
        query = query.where(Cohort.id == scope.cohort_id)
    elif scope.instructor_id is not None:
        query = query.where(scope.cohorts())
    out: dict[int, list[str]] = {}
    for user_id, name in db.session.execute(query):
        out.setdefault(user_id, []).append(name)
    return out


def new_unowned_cohort(name: str) -> Cohort:
    """A cohort with no creator, in the caller's write transaction: an LMS course's, owned by
    the course's instructors (CohortInstructor rows the caller adds)."""
    cohort = Cohort(instructor_id=None, name=" ".join(name.split())[:MAX_NAME] or "LMS course",
                    join_code=new_code())
    db.session.add(cohort)
    db.session.flush()
    return cohort
