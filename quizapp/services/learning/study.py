"""Read model for the dashboard's study panel per module: today's review queue, the missed
questions to retake, and the weak areas (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ...extensions import db
from ...models import Attempt
from ...models.types import utcnow
from . import retakes, review
from .history import latest_graded
from .weak_areas import ModuleWeakAreas, weak_areas


@dataclass(frozen=True)
class StudyPanel:
    due_today: int
    next_due: str | None  # the date of the next due card when none is due today
    missed: int  # questions whose latest answer was short of full marks
    open_review: bool
    open_missed: bool
    weak: ModuleWeakAreas

    @property
    def has_history(self) -> bool:
        return bool(self.due_today or self.next_due or self.missed or self.weak.lessons
                    or self.weak.client_needs)


def study_panels(user_id: int, now: datetime | None = None) -> dict[str, StudyPanel]:
    """Per module id, what the student can practise today."""
    now = now or utcnow()
    queues = review.queues(user_id, now)
    latest = latest_graded(user_id)  # the response history, read once for both panels
    missed = retakes.missed_counts(user_id, latest)
    weak = weak_areas(user_id, latest=latest)
    open_sets = set(db.session.execute(select(Attempt.module_id, Attempt.purpose).where(
        Attempt.user_id == user_id, Attempt.status == "open", Attempt.module_id.is_not(None))
    ).all())
    out = {}
    for module_id in set(queues) | set(missed) | set(weak):
        queue = queues.get(module_id, review.Queue(0, None))
        out[module_id] = StudyPanel(
            due_today=queue.due_today,
            next_due=queue.next_due.strftime("%Y-%m-%d") if queue.next_due else None,
            missed=missed.get(module_id, 0),
            open_review=(module_id, "review") in open_sets,
            open_missed=(module_id, "missed") in open_sets,
            weak=weak.get(module_id, ModuleWeakAreas((), ())))
    return out
