"""Calibration: how often the student is right at each confidence they stated, and the answers
given with high confidence that were wrong (the dangerous ones in clinical practice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, Question, QuestionVersion, Response
from ...models.types import utcnow
from ...rendering import markdown_to_html
from ..policy.exposure import study_quiz_ids
from .course import percent
from .passages import Passage, passages
from .review import CONFIDENCE_LEVELS

LABELS = {"low": "Low", "medium": "Medium", "high": "High"}
MAX_ERRORS_SHOWN = 20


@dataclass(frozen=True)
class Level:
    level: str
    label: str
    answers: int
    correct: int  # full marks

    @property
    def percent(self) -> int | None:
        return percent(self.correct, self.answers) if self.answers else None


@dataclass(frozen=True)
class ConfidentError:
    question_id: str
    stem_html: str
    answered_at: str
    earned: int
    possible: int
    passage: Passage | None


@dataclass(frozen=True)
class Calibration:
    levels: tuple[Level, ...]
    unrated: int  # graded answers given without a confidence
    errors: tuple[ConfidentError, ...]  # high confidence, short of full marks; latest first
    error_total: int

    @property
    def rated(self) -> int:
        return sum(level.answers for level in self.levels)


def calibration(user_id: int, now: datetime | None = None) -> Calibration:
    """Accuracy by stated confidence over the student's graded answers to questions the study
    tools may show (never an exam's own items, nor a quiz whose key is held back)."""
    visible = study_quiz_ids(user_id, now or utcnow())
    rows = db.session.execute(
        select(Response.question_id, Response.question_version_id, Response.earned,
               Response.possible, Response.confidence, Response.saved_at)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Question, Question.id == Response.question_id)
        .where(Attempt.user_id == user_id, Response.earned.is_not(None),
               Question.quiz_id.in_(visible))
        .order_by(Response.saved_at.desc(), Response.id.desc())).all()
    tally = {level: [0, 0] for level in CONFIDENCE_LEVELS}
    unrated = 0
    wrong = []
    for row in rows:
        if row.confidence is None:
            unrated += 1
            continue
        tally[row.confidence][0] += 1
        tally[row.confidence][1] += row.earned == row.possible
        if row.confidence == "high" and row.earned < row.possible:
            wrong.append(row)
    levels = tuple(Level(level, LABELS[level], n, right) for level, (n, right) in tally.items())
    return Calibration(levels, unrated, _errors(wrong[:MAX_ERRORS_SHOWN]), len(wrong))


def _errors(rows: list[Row[str, int, int | None, int, str | None, datetime]]
            ) -> tuple[ConfidentError, ...]:
    if not rows:
        return ()
    snapshots = {v.id: QuestionContent.from_snapshot(v.snapshot) for v in db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.id.in_({r.question_version_id
                                                              for r in rows})))}
    links = passages({r.question_id: snapshots[r.question_version_id].source for r in rows})
    return tuple(ConfidentError(
        question_id=r.question_id,
        stem_html=markdown_to_html(snapshots[r.question_version_id].stem),
        answered_at=r.saved_at.strftime("%Y-%m-%d"), earned=r.earned, possible=r.possible,
        passage=links.get(r.question_id)) for r in rows)
