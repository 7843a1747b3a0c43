"""Marks per question version over a set of graded responses, and results by tag (the tags in
each version's snapshot: client need, difficulty, clinical judgement step). Shared by the
student's result and progress pages and the instructor's results page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select

from ...content.model import CLINICAL_JUDGEMENT_STEPS
from ...extensions import db
from ...models import Attempt, AttemptItem, QuestionVersion, Response
from ...scoring.marks import mark_value
from ...stats import TagScore, tally


@dataclass(frozen=True)
class VersionMarks:
    """Graded responses to one question version: how many, marks earned and possible."""

    version_id: int
    responses: int
    earned: Fraction
    possible: Fraction


def marks_by_version(*where: Any) -> list[VersionMarks]:
    """Per question version, the marks of the graded responses of attempts matching `where`
    (conditions on Attempt): grouped in SQL by (version, mark, points possible)."""
    rows = db.session.execute(
        select(Response.question_version_id, AttemptItem.mark_hundredths, Response.possible,
               func.count(), func.sum(Response.earned))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(AttemptItem, (AttemptItem.attempt_id == Response.attempt_id)
              & (AttemptItem.question_id == Response.question_id))
        .where(Response.earned.is_not(None), Response.possible > 0, *where)
        .group_by(Response.question_version_id, AttemptItem.mark_hundredths,
                  Response.possible)).all()
    out: dict[int, VersionMarks] = {}
    for vid, hundredths, possible, count, earned in rows:
        mark = mark_value(hundredths)
        old = out.get(vid, VersionMarks(vid, 0, Fraction(0), Fraction(0)))
        out[vid] = VersionMarks(vid, old.responses + count,
                                old.earned + mark * int(earned or 0) / possible,
                                old.possible + mark * count)
    return list(out.values())


def snapshots(version_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The snapshots of the given question versions, by id."""
    ids = list(version_ids)
    return dict(db.session.execute(select(QuestionVersion.id, QuestionVersion.snapshot)
                                   .where(QuestionVersion.id.in_(ids))).all()) if ids else {}


def by_step(per_version: list[VersionMarks], snaps: dict[int, dict[str, Any]]
            ) -> tuple[TagScore, ...]:
    """Marks per NCSBN clinical judgement step, in the model's order (items without a step are
    left out); every step is listed, with no responses where none were asked."""
    rows = [(snaps[v.version_id].get("clinical_judgement"), v) for v in per_version]
    return tally(((step, v.responses, v.earned, v.possible) for step, v in rows if step),
                 order=CLINICAL_JUDGEMENT_STEPS)


def step_results(*where: Any) -> tuple[TagScore, ...]:
    """Results by clinical judgement step over the attempts matching `where` (two queries)."""
    per_version = marks_by_version(*where)
    return by_step(per_version, snapshots(v.version_id for v in per_version))
