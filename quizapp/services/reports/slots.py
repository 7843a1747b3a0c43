"""Slots of a drawn exam, as Moodle's random-question slots.

A final exam draws N questions from each lesson's quiz and shows them shuffled, so a display
position means nothing from one attempt to the next. Moodle would hold such an exam as N random
slots per lesson category, each with whichever question it drew. The equivalent here: slot
(lesson, k) is the k-th question from that lesson in the order the attempt showed them. Moodle
computes Cronbach's alpha over slots and reports each slot's statistics as well as each drawn
question's; so does this module, with each mark taken as a share of its attempt's maximum
(drawn questions carry different maxima, which Moodle would scale to the slot's mark).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from ...extensions import db
from ...models import AttemptItem, Question, Quiz, Response
from ...stats import ItemStats
from ...stats import items as item_math
from ..grades.scaled import attempt_units, item_units, max_units

Slot = tuple[int, int]  # (the lesson quiz's id, k)


@dataclass(frozen=True)
class SlotReport:
    label: str  # "Diagnosis quiz, draw 2"
    stats: ItemStats


@dataclass(frozen=True)
class SlotMarks:
    """Responses per (slot, mark, rest of test, possible, attempt's possible)."""

    cells: dict[tuple[Slot, int, int, int, int], int]

    def columns(self) -> list[tuple[object, int, int, int]]:
        """(slot, mark, attempt's possible, responses): alpha's columns."""
        out: dict[tuple[Slot, int, int], int] = {}
        for (slot, x, _, _, ap), n in self.cells.items():
            out[(slot, x, ap)] = out.get((slot, x, ap), 0) + n
        return [(*k, n) for k, n in out.items()]

    def stats(self) -> dict[Slot, ItemStats]:
        """Facility, SD, discrimination and efficiency per slot (marks of whatever question
        the slot drew, against the rest of the test)."""
        cells = [(slot, x, r, p, n) for (slot, x, r, p, _), n in self.cells.items()]
        return item_math.item_statistics(cells)


def slot_marks(chosen: Any, scale: int) -> SlotMarks:
    """The chosen attempts' marks per slot, grouped in the database (in whole 1/(100 D)
    units of a mark, services/grades/scaled.py)."""
    k = func.row_number().over(partition_by=(AttemptItem.attempt_id, Question.quiz_id),
                               order_by=AttemptItem.position)
    placed = (select(AttemptItem.attempt_id, AttemptItem.question_id,
                     Question.quiz_id.label("pool"), k.label("k"))
              .join(Question, Question.id == AttemptItem.question_id)
              .where(AttemptItem.attempt_id.in_(chosen)).subquery())
    per_attempt = attempt_units(chosen, scale)
    x_units = item_units(scale)
    keys = (placed.c.pool, placed.c.k, x_units, per_attempt.c.earned - x_units,
            max_units(scale), per_attempt.c.possible)
    rows = db.session.execute(
        select(*keys, func.count())
        .join(AttemptItem, (AttemptItem.attempt_id == placed.c.attempt_id)
              & (AttemptItem.question_id == placed.c.question_id))
        .join(Response, (Response.attempt_id == placed.c.attempt_id)
              & (Response.question_id == placed.c.question_id))
        .join(per_attempt, per_attempt.c.attempt_id == placed.c.attempt_id).group_by(*keys))
    return SlotMarks({((pool, k), int(x), int(r), int(p), int(ap)): n
                      for pool, k, x, r, p, ap, n in rows})


def slot_reports(marks: SlotMarks) -> tuple[SlotReport, ...]:
    """Every slot with its statistics, in course order."""
    stats = marks.stats()
    pools = {pool for pool, _ in stats}
    quizzes = {q.id: q for q in db.session.scalars(select(Quiz).where(Quiz.id.in_(pools)))}
    ordered = sorted(stats, key=lambda s: (quizzes[s[0]].position, s[1]))
    labels = {slot: f"{quizzes[slot[0]].title}, draw {slot[1]}" for slot in ordered}
    return tuple(SlotReport(labels[slot], replace(stats[slot], question_id=labels[slot]))
                 for slot in ordered)
