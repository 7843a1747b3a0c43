"""Practice sets built from the student's own history: "retake what I missed" (for one quiz or
across a module) and the day's spaced review. Both are practice-mode attempts whose purpose
('missed', 'review') keeps them out of every quiz score; the attempt mode a student may choose
for a retake of a quiz lives here too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from ...database import write_transaction
from ...extensions import db
from ...models import Attempt, AttemptItem, Module, Question, QuestionVersion, Quiz
from ...models.types import utcnow
from ...scoring.marks import snapshot_mark
from ...simulation import attempt_seed
from ..errors import BadInput, NotFound, NothingToPractise
from ..policy.exposure import study_quiz_ids
from . import review
from .history import LatestAnswer, latest_graded

MODES = ("test", "practice")
REVIEW_SIZE = 20  # at most this many due cards in one review session


def mode_for(user_id: int, quiz: Quiz, requested: str | None) -> str:
    """The mode of a new attempt at `quiz`: its default, or the student's choice on a retake."""
    if requested in (None, "", quiz.mode):
        return quiz.mode
    if requested not in MODES:
        raise BadInput(f"Unknown mode '{requested[:40]}'; expected test or practice.")
    retake = db.session.scalar(select(Attempt.id).where(
        Attempt.user_id == user_id, Attempt.quiz_id == quiz.id, Attempt.counts_toward_grade,
        Attempt.status == "submitted").limit(1))
    if retake is None:
        raise BadInput("The first attempt at a quiz uses its own mode; you can choose on a retake.")
    return requested


def _live_missed(user_id: int, latest: dict[str, LatestAnswer] | None = None
                 ) -> Select[str, str]:
    """Missed questions still in the course (question and quiz not retired), in course order:
    those whose latest graded answer (`latest`, read when not given) was short of full marks.
    Only lesson quizzes whose key the student may see: never an exam's own pool, nor a quiz
    whose review options hold the key back (policy/exposure.py, the one rule)."""
    latest = latest_graded(user_id) if latest is None else latest
    missed = [qid for qid, answer in latest.items() if not answer.full_marks]
    return (select(Question.id, Quiz.module_id).join(Quiz, Quiz.id == Question.quiz_id)
            .where(Question.id.in_(missed), ~Question.retired,
                   Quiz.id.in_(study_quiz_ids(user_id, utcnow())))
            .order_by(Quiz.position, Question.position))


def missed_questions(user_id: int, *, quiz_id: int | None = None,
                     module_id: str | None = None) -> list[str]:
    """Live questions of the lesson quiz (or module) whose latest graded answer by the student
    earned less than full marks, in course order."""
    scope = (Quiz.id == quiz_id) if quiz_id is not None else (Quiz.module_id == module_id)
    return list(db.session.scalars(_live_missed(user_id).where(scope)))


def missed_counts(user_id: int, latest: dict[str, LatestAnswer] | None = None
                  ) -> dict[str, int]:
    """Per module id, how many live questions the student last answered short of full marks
    (`latest`: the history already read by the caller, so the dashboard reads it once)."""
    counts: dict[str, int] = {}
    for _, module_id in db.session.execute(_live_missed(user_id, latest)):
        counts[module_id] = counts.get(module_id, 0) + 1
    return counts


def start_missed(user_id: int, *, quiz_id: int | None = None,
                 module_id: str | None = None) -> Attempt:
    """Resume or start a practice attempt made of exactly the missed questions of a lesson
    quiz (`quiz_id`) or of a whole module (`module_id`)."""
    if quiz_id is not None:
        quiz = db.session.get(Quiz, quiz_id)
        if quiz is None or quiz.retired:
            raise NotFound("There is no such quiz.")
        if quiz.kind != "lesson":  # a final exam's questions belong to the lesson quizzes
            quiz_id, module_id = None, quiz.module_id
    if quiz_id is None:
        _check_module(module_id)
    return _start("missed", user_id, quiz_id, module_id,
                  lambda: missed_questions(user_id, quiz_id=quiz_id, module_id=module_id),
                  "You have no missed questions here: your latest answer to each one earned "
                  "full marks.")


def start_review(user_id: int, module_id: str, now: datetime | None = None) -> Attempt:
    """Resume or start today's review of the module: the due cards, most overdue first."""
    _check_module(module_id)
    now = now or utcnow()
    return _start("review", user_id, None, module_id,
                  lambda: review.due_questions(user_id, module_id, now, REVIEW_SIZE),
                  "Nothing is due for review today. Come back when the dashboard shows "
                  "questions due.")


def _check_module(module_id: str | None) -> None:
    module = db.session.get(Module, module_id) if module_id else None
    if module is None or module.retired:
        raise NotFound("There is no such module.")


def _open(user_id: int, purpose: str, quiz_id: int | None, module_id: str | None) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(
        Attempt.user_id == user_id, Attempt.purpose == purpose, Attempt.status == "open",
        Attempt.quiz_id == quiz_id if quiz_id is not None else Attempt.module_id == module_id))


def _start(purpose: str, user_id: int, quiz_id: int | None, module_id: str | None,
           choose: Callable[[], Sequence[str]], empty_message: str) -> Attempt:
    try:
        with write_transaction():
            attempt = _open(user_id, purpose, quiz_id, module_id)
            if attempt is None:
                attempt = _create(user_id, purpose, quiz_id, module_id, choose())
                if attempt is None:
                    raise NothingToPractise(empty_message)
    except IntegrityError:
        # Another request (a double click) opened the same set first: resume that one.
        attempt = _open(user_id, purpose, quiz_id, module_id)
        if attempt is None:
            raise
    return attempt


def _create(user_id: int, purpose: str, quiz_id: int | None, module_id: str | None,
            question_ids: Sequence[str]) -> Attempt | None:
    if not question_ids:
        return None
    versions = dict(db.session.execute(
        select(Question.id, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.id.in_(question_ids))).all())
    drawn = [(qid, versions[qid]) for qid in question_ids if qid in versions]
    seed = attempt_seed()
    attempt = Attempt(user_id=user_id, quiz_id=quiz_id,
                      module_id=module_id if quiz_id is None else None, mode="practice",
                      purpose=purpose, seed=seed, possible=sum(v.max_score for _, v in drawn))
    db.session.add(attempt)
    db.session.flush()
    db.session.add_all(AttemptItem(attempt_id=attempt.id, position=i, question_id=qid,
                                   question_version_id=v.id,
                                   mark_hundredths=snapshot_mark(v.snapshot))
                       for i, (qid, v) in enumerate(drawn))
    return attempt
