"""Regrade on purpose: after a key is corrected and imported, rescore the submitted responses
that were scored against older versions of a question, against its current version.

Each rescored response is moved to the current version (its attempt item too, so the result
page shows the key it was scored against) and a RegradeRecord keeps the old score. Attempt
totals and pass state follow. Running it again finds nothing left to do. Otherwise attempts
keep the version they were scored against: nothing else ever rescores them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select

from ...content.model import Question as QuestionContent
from ...content.types import grade
from ...database import write_transaction
from ...extensions import db
from ...models import (
    Attempt,
    AttemptItem,
    Question,
    QuestionVersion,
    Quiz,
    RegradeRecord,
    Response,
    User,
)
from ...models.types import utcnow
from ...scoring import InvalidResponse
from ..attempts.quizzes import attempt_title
from ..errors import NotFound
from ..grades import attempt_marks
from ..lti import outbox
from ..progress import Progress, Ticker


@dataclass(frozen=True)
class AttemptChange:
    """One attempt's totals before and after the regrade."""

    attempt_id: int
    username: str
    quiz_title: str
    old_earned: int
    new_earned: int
    old_possible: int
    new_possible: int
    old_passed: bool
    new_passed: bool

    @property
    def changed(self) -> bool:
        return (self.old_earned, self.old_possible, self.old_passed) != (
            self.new_earned, self.new_possible, self.new_passed)


@dataclass(frozen=True)
class RegradeReport:
    question_id: str
    version: int  # the current version number everything was rescored against
    responses: int  # responses rescored
    attempts: tuple[AttemptChange, ...]
    skipped: tuple[str, ...]  # why some responses could not be rescored
    open_attempts: int  # open attempts still on an older version (regrade again later)
    dry_run: bool


class _DryRun(Exception):
    def __init__(self, report: RegradeReport) -> None:
        super().__init__("dry run")
        self.report = report


def regrade_question(question_id: str, actor: str, *, dry_run: bool = False,
                     progress: Progress | None = None) -> RegradeReport:
    """Rescore every submitted response to an older version of the question against its
    current version, in one transaction. With `dry_run` the same work is done and rolled
    back, so the report shows exactly what a real run would change. `progress` hears
    (responses rescored, responses to rescore)."""
    try:
        with write_transaction():
            report = _regrade(question_id, actor, progress)
            if dry_run:
                raise _DryRun(replace(report, dry_run=True))
    except _DryRun as done:
        return done.report
    return report


def _regrade(question_id: str, actor: str, progress: Progress | None) -> RegradeReport:
    question = db.session.get(Question, question_id)
    if question is None or question.current_version_id is None:
        raise NotFound(f"There is no question '{question_id}'.")
    current = db.session.get_one(QuestionVersion, question.current_version_id)
    content = QuestionContent.from_snapshot(current.snapshot)
    # Lock the attempts too: two regrades of different questions must not both rewrite a
    # total from sums that miss the other's change (SQLite serialises writers anyway).
    rows = db.session.execute(
        select(Response, Attempt)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Response.question_id == question_id, Response.question_version_id != current.id,
               Attempt.status == "submitted")
        .order_by(Attempt.id).with_for_update(of=(Response, Attempt))).all()
    before = {a.id: (a.earned or 0, a.possible, bool(a.passed)) for _, a in rows}
    skipped, rescored = [], 0
    ticker = Ticker(progress, len(rows))
    for response, attempt in rows:
        ticker.tick()
        try:
            score = grade(content, response.answer)
        except (InvalidResponse, TypeError) as exc:  # e.g. an option the version lacks
            skipped.append(f"attempt {attempt.id}: {exc}; left as it was")
            continue
        db.session.add(RegradeRecord(
            question_id=question_id, attempt_id=attempt.id, response_id=response.id,
            old_version_id=response.question_version_id, new_version_id=current.id,
            old_earned=response.earned or 0, old_possible=response.possible,
            new_earned=score.earned, new_possible=score.possible, regraded_by=actor[:64]))
        response.earned, response.possible = score.earned, score.possible
        response.question_version_id = current.id
        rescored += 1
    db.session.flush()
    _move_items(question_id, current.id, [a.id for r, a in rows
                                          if r.question_version_id == current.id])
    changes = _retotal(before, [a for r, a in rows if r.question_version_id == current.id])
    _grades_changed(changes)
    return RegradeReport(question_id, current.number, rescored, changes, tuple(skipped),
                         _open_on_older(question_id, current.id), dry_run=False)


def _grades_changed(changes: tuple[AttemptChange, ...]) -> None:
    """Regraded attempts may change students' grades: the LMS gradebooks follow (outbox)."""
    now = utcnow()
    for user_id, quiz_id in sorted({(a.user_id, a.quiz_id) for a in db.session.scalars(
            select(Attempt).where(Attempt.id.in_([c.attempt_id for c in changes])))
            if a.counts_toward_grade and a.quiz_id is not None}):
        outbox.record_grades(now, user_id=user_id, quiz_id=quiz_id)


def _move_items(question_id: str, version_id: int, attempt_ids: list[int]) -> None:
    for item in db.session.scalars(select(AttemptItem).where(
            AttemptItem.question_id == question_id, AttemptItem.attempt_id.in_(attempt_ids))):
        item.question_version_id = version_id


def _retotal(before: dict[int, tuple[int, int, bool]],
             attempts: list[Attempt]) -> tuple[AttemptChange, ...]:
    unique = {a.id: a for a in attempts}
    if not unique:
        return ()
    totals = {aid: (int(e or 0), int(p or 0)) for aid, e, p in db.session.execute(
        select(Response.attempt_id, func.sum(Response.earned), func.sum(Response.possible))
        .where(Response.attempt_id.in_(list(unique))).group_by(Response.attempt_id))}
    names = dict(db.session.execute(select(Attempt.id, User.username).join(
        User, User.id == Attempt.user_id).where(Attempt.id.in_(list(unique)))).all())
    quizzes = {q.id: q for q in db.session.scalars(select(Quiz).where(
        Quiz.id.in_({a.quiz_id for a in unique.values()})))}
    db.session.flush()
    marks = attempt_marks(list(unique))  # pass or fail is judged on marks
    changes = []
    for aid, attempt in sorted(unique.items()):
        earned, possible = totals[aid]
        quiz = quizzes.get(attempt.quiz_id) if attempt.quiz_id is not None else None
        attempt.set_total(earned, possible, quiz, (marks[aid].earned, marks[aid].possible))
        old_earned, old_possible, old_passed = before[aid]
        changes.append(AttemptChange(aid, names[aid], attempt_title(attempt, quiz), old_earned,
                                     earned, old_possible, possible, old_passed,
                                     bool(attempt.passed)))
    return tuple(changes)


def _open_on_older(question_id: str, version_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AttemptItem)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(AttemptItem.question_id == question_id,
               AttemptItem.question_version_id != version_id, Attempt.status == "open")) or 0


def pending(question_ids: list[str]) -> dict[str, int]:
    """For each question, how many submitted responses were scored against an older version
    (what `quiz regrade` would rescore). Questions with none are left out."""
    if not question_ids:
        return {}
    rows = db.session.execute(
        select(Response.question_id, func.count())
        .join(Question, Question.id == Response.question_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Response.question_id.in_(question_ids), Attempt.status == "submitted",
               Response.question_version_id != Question.current_version_id)
        .group_by(Response.question_id)).all()
    return dict(rows)
