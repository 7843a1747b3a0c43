"""Results by tag: points earned per lesson, NCLEX client-need category and difficulty, taken
from each question version's snapshot, over the submitted attempts of the students in scope."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ...content.model import CLIENT_NEEDS, DIFFICULTIES
from ...extensions import db
from ...models import Attempt, Lesson, Question, QuestionVersion, Quiz, Response
from ...stats import TagScore, tally
from ..accounts.cohorts import Scope


@dataclass(frozen=True)
class TagResults:
    by_lesson: tuple[TagScore, ...]
    by_client_need: tuple[TagScore, ...]
    by_difficulty: tuple[TagScore, ...]

    @property
    def responses(self) -> int:
        return sum(t.responses for t in self.by_lesson)


def tag_results(scope: Scope, student_id: int | None = None) -> TagResults:
    """Totals per tag for the students in scope (or one of them), in two queries."""
    where = [Attempt.status == "submitted", Attempt.counts_toward_grade,
             Attempt.user_id.in_(scope.student_ids(anonymised=True))]
    if student_id is not None:
        where.append(Attempt.user_id == student_id)
    per_version = db.session.execute(
        select(Response.question_version_id, func.count(), func.sum(Response.earned),
               func.sum(Response.possible))
        .join(Attempt, Attempt.id == Response.attempt_id).where(*where)
        .group_by(Response.question_version_id)).all()
    meta = {}
    lesson_order: dict[str, tuple[int, int]] = {}
    if per_version:
        for vid, snapshot, title, position in db.session.execute(
                select(QuestionVersion.id, QuestionVersion.snapshot, Lesson.title, Lesson.position)
                .join(Question, Question.id == QuestionVersion.question_id)
                .join(Quiz, Quiz.id == Question.quiz_id)
                .outerjoin(Lesson, Lesson.id == Quiz.lesson_id)
                .where(QuestionVersion.id.in_([r[0] for r in per_version]))):
            lesson = title or "(no lesson)"
            meta[vid] = (lesson, snapshot.get("client_need", ""), snapshot.get("difficulty", ""))
            lesson_order.setdefault(lesson, (position or 0, len(lesson_order)))
    rows = [(meta[vid], int(n), int(earned or 0), int(possible or 0))
            for vid, n, earned, possible in per_version]
    return TagResults(
        by_lesson=tally(((m[0], n, e, p) for m, n, e, p in rows),
                        order=sorted(lesson_order, key=lesson_order.__getitem__)),
        by_client_need=tally(((m[1], n, e, p) for m, n, e, p in rows), order=CLIENT_NEEDS),
        by_difficulty=tally(((m[2], n, e, p) for m, n, e, p in rows), order=DIFFICULTIES))
