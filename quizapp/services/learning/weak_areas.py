"""Weak areas: the lessons and NCLEX client-need categories where a student scores lowest,
each with the lesson passage to reread (where the student lost the most points)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ...extensions import db
from ...models import Lesson, Question, QuestionVersion, Quiz
from ...text import slug_label
from .course import percent
from .history import LatestAnswer, latest_graded
from .passages import Passage, passages

MIN_ANSWERS = 3  # an area is judged once this many of its questions have graded answers
SHOWN = 3  # areas shown per kind and module


@dataclass(frozen=True)
class WeakArea:
    kind: str  # 'lesson' or 'client-need'
    label: str
    percent: int
    answers: int  # questions answered (latest answer each)
    passage: Passage | None


@dataclass(frozen=True)
class ModuleWeakAreas:
    lessons: tuple[WeakArea, ...]
    client_needs: tuple[WeakArea, ...]


@dataclass
class _Tally:
    label: str = ""
    earned: int = 0
    possible: int = 0
    answers: int = 0
    lost: dict[str, int] = field(default_factory=dict)  # question id -> points lost

    def add(self, qid: str, earned: int, possible: int) -> None:
        self.earned, self.possible, self.answers = (
            self.earned + earned, self.possible + possible, self.answers + 1)
        self.lost[qid] = self.lost.get(qid, 0) + possible - earned


def weak_areas(user_id: int, *, min_answers: int = MIN_ANSWERS, shown: int = SHOWN,
               latest: dict[str, LatestAnswer] | None = None) -> dict[str, ModuleWeakAreas]:
    """Per module id, the lowest-scoring lessons and client needs, lowest first.

    Scores use the student's latest graded answer to each question (`latest`: the history
    already read by the caller), so an area stops being weak once its questions are answered
    well; an area needs answers to at least `min_answers` questions and a score below full
    marks. Three queries (two when `latest` is given).
    """
    latest = latest_graded(user_id) if latest is None else latest
    if not latest:
        return {}
    lessons = db.session.execute(
        select(Question.id, Quiz.module_id, Lesson.slug, Lesson.title)
        .join(Quiz, Quiz.id == Question.quiz_id).join(Lesson, Lesson.id == Quiz.lesson_id)
        .where(Question.id.in_(list(latest)), ~Question.retired, ~Lesson.retired)).all()
    snapshots: dict[int, dict[str, Any]] = dict(db.session.execute(
        select(QuestionVersion.id, QuestionVersion.snapshot).where(
        QuestionVersion.id.in_({r.question_version_id for r in latest.values()}))).all())
    by_lesson: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    by_need: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    anchors = {}
    for qid, module_id, slug, title in lessons:
        answer = latest[qid]
        snapshot = snapshots[answer.question_version_id]
        anchors[qid] = snapshot["source"]
        need = snapshot["client_need"]
        for tally, label in ((by_lesson[(module_id, slug)], title),
                             (by_need[(module_id, need)], slug_label(need))):
            tally.label = label
            tally.add(qid, answer.earned, answer.possible)
    links = passages(anchors)
    return {module_id: ModuleWeakAreas(
        _lowest("lesson", by_lesson, module_id, links, min_answers, shown),
        _lowest("client-need", by_need, module_id, links, min_answers, shown))
        for module_id in {row.module_id for row in lessons}}


def _lowest(kind: str, tallies: dict[tuple[str, str], _Tally], module_id: str,
            links: dict[str, Passage], min_answers: int, shown: int) -> tuple[WeakArea, ...]:
    areas = []
    for (mid, _), t in tallies.items():
        if mid != module_id or t.answers < min_answers or t.earned >= t.possible:
            continue
        worst = max(sorted(t.lost), key=t.lost.__getitem__)  # where most points were lost
        areas.append(WeakArea(kind, t.label, percent(t.earned, t.possible), t.answers,
                              links.get(worst)))
    areas.sort(key=lambda a: (a.percent, a.label))
    return tuple(areas[:shown])
