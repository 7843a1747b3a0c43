"""Which questions a new attempt gets: a lesson quiz's own, in order; an older final exam's
N per lesson quiz; or a pool exam's form drawn by its blueprint (whole cases, then the cells'
single items, each cell filled exactly).

A case's items always stay together and in stage order. A pool exam's items come only from
its own pool (questions whose quiz is the exam), never from a lesson quiz.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from ...content.blueprint import fill, matches
from ...content.model import Question as QuestionContent
from ...content.settings import Blueprint
from ...extensions import db
from ...models import SNAPSHOT_TEXT, Question, QuestionVersion, Quiz
from ..errors import Conflict


@dataclass(frozen=True)
class Drawn:
    """One question of a new attempt: the question, its quiz, the version it is given (and
    that version's marks), and its content."""

    question_id: str
    quiz_id: int
    version_id: int
    max_score: int
    content: QuestionContent


def draw(quiz: Quiz, rng: random.Random) -> list[Drawn]:
    """The questions of a new attempt at `quiz`, in the order the attempt shows them."""
    rows = _live_rows(quiz)
    if quiz.kind == "lesson":
        return rows
    if quiz.blueprint is not None:
        return _by_blueprint(Blueprint.from_json(quiz.blueprint), rows, rng)
    pools: dict[int, list[Drawn]] = {}
    for d in rows:
        pools.setdefault(d.quiz_id, []).append(d)
    n = quiz.draw_per_lesson or 0
    drawn = [d for pool in pools.values() for d in rng.sample(pool, min(n, len(pool)))]
    rng.shuffle(drawn)
    return drawn


def _live_rows(quiz: Quiz) -> list[Drawn]:
    """The live questions a draw may take: the quiz's own (a lesson quiz, a pool exam), or
    every lesson quiz's of the module (the older final exam)."""
    own = quiz.kind == "lesson" or quiz.blueprint is not None
    rows = db.session.execute(
        select(Question.id, Question.quiz_id, QuestionVersion.id, QuestionVersion.max_score,
               SNAPSHOT_TEXT)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .where(~Question.retired, ~Quiz.retired)
        .where(Quiz.id == quiz.id if own
               else (Quiz.module_id == quiz.module_id) & (Quiz.kind == "lesson"))
        .order_by(Quiz.position, Question.position)).all()
    return [Drawn(qid, quiz_id, vid, max_score, QuestionContent.from_snapshot_text(text))
            for qid, quiz_id, vid, max_score, text in rows]


def _stage(d: Drawn) -> int:
    case = d.content.case
    return case.stage or 0 if case is not None else 0


def _by_blueprint(blueprint: Blueprint, rows: list[Drawn], rng: random.Random) -> list[Drawn]:
    cases: dict[str, list[Drawn]] = {}
    singles: list[Drawn] = []
    for d in rows:
        if d.content.case is not None:
            cases.setdefault(d.content.case.id, []).append(d)
        else:
            singles.append(d)
    if len(cases) < blueprint.case_studies:
        raise Conflict("This exam's pool has fewer case studies than its blueprint draws; "
                       "tell your instructor.")
    chosen_cases = rng.sample(sorted(cases), blueprint.case_studies)
    filling = fill([c.draw for c in blueprint.cells],
                   [[d.question_id for d in singles if matches(cell, d.content)]
                    for cell in blueprint.cells], rng)
    if not filling.complete:
        raise Conflict("This exam's pool cannot fill its blueprint; tell your instructor.")
    by_id = {d.question_id: d for d in singles}
    blocks = [[by_id[qid]] for cell in filling.chosen for qid in cell]
    blocks += [sorted(cases[cid], key=_stage) for cid in chosen_cases]
    rng.shuffle(blocks)  # cases move as whole blocks among the single items
    return [d for block in blocks for d in block]
