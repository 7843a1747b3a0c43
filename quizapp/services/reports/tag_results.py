"""Results by tag: marks earned per lesson, NCLEX client-need category, difficulty and
clinical judgement step, taken from each question version's snapshot, over the submitted
attempts of the students in scope (each response's points scaled to its item's mark)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...content.model import CLIENT_NEEDS, DIFFICULTIES
from ...extensions import db
from ...models import Attempt, Lesson, Question, QuestionVersion, Quiz
from ...stats import TagScore, tally
from ..accounts.cohorts import Scope
from ..grades.tags import by_step, marks_by_version


@dataclass(frozen=True)
class TagResults:
    by_lesson: tuple[TagScore, ...]
    by_client_need: tuple[TagScore, ...]
    by_difficulty: tuple[TagScore, ...]
    by_step: tuple[TagScore, ...] = ()

    @property
    def responses(self) -> int:
        return sum(t.responses for t in self.by_lesson)


def tag_results(scope: Scope, student_id: int | None = None) -> TagResults:
    """Totals per tag for the students in scope (or one of them), in two queries."""
    where = [Attempt.status == "submitted", Attempt.counts_toward_grade,
             Attempt.user_id.in_(scope.student_ids(anonymised=True))]
    if student_id is not None:
        where.append(Attempt.user_id == student_id)
    per_version = marks_by_version(*where)
    meta = {}
    snaps = {}
    lesson_order: dict[str, tuple[int, int]] = {}
    if per_version:
        for vid, snapshot, title, position in db.session.execute(
                select(QuestionVersion.id, QuestionVersion.snapshot, Lesson.title, Lesson.position)
                .join(Question, Question.id == QuestionVersion.question_id)
                .join(Quiz, Quiz.id == Question.quiz_id)
                .outerjoin(Lesson, Lesson.id == Quiz.lesson_id)
                .where(QuestionVersion.id.in_([v.version_id for v in per_version]))):
            # A pool exam's item names its lesson in its snapshot; a lesson item its quiz's.
            lesson = title or _pool_lesson(snapshot) or "(no lesson)"
            meta[vid] = (lesson, snapshot.get("client_need", ""), snapshot.get("difficulty", ""))
            snaps[vid] = snapshot
            lesson_order.setdefault(lesson, (position if title else 10**6, len(lesson_order)))
    rows = [(meta[v.version_id], v.responses, v.earned, v.possible) for v in per_version]
    return TagResults(
        by_lesson=tally(((m[0], n, e, p) for m, n, e, p in rows),
                        order=sorted(lesson_order, key=lesson_order.__getitem__)),
        by_client_need=tally(((m[1], n, e, p) for m, n, e, p in rows), order=CLIENT_NEEDS),
        by_difficulty=tally(((m[2], n, e, p) for m, n, e, p in rows), order=DIFFICULTIES),
        by_step=by_step(per_version, snaps))


def _pool_lesson(snapshot: dict[str, object]) -> str | None:
    case = snapshot.get("case")
    lesson = snapshot.get("lesson") or (case.get("lesson") if isinstance(case, dict) else None)
    return f"{lesson} (exam)" if isinstance(lesson, str) else None
