"""Where the lesson passage that supports each question lives, for "read the passage" links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import undefer

from ...extensions import db
from ...models import Lesson, Question, Quiz


@dataclass(frozen=True)
class Passage:
    """A link target: /modules/<module_id>/lessons/<lesson_slug>#section-<anchor>."""

    module_id: str
    lesson_slug: str
    lesson_title: str
    anchor: str
    heading: str

    @property
    def label(self) -> str:
        return f"{self.lesson_title}: {self.heading}" if self.heading else self.lesson_title


def passages(anchors: Mapping[str, str]) -> dict[str, Passage]:
    """Question id -> its passage, given each question's `source` anchor (from the snapshot the
    student saw). Two queries whatever the number of questions; questions of a retired lesson
    get no link."""
    if not anchors:
        return {}
    lesson_of = dict(db.session.execute(
        select(Question.id, Quiz.lesson_id).join(Quiz, Quiz.id == Question.quiz_id)
        .where(Question.id.in_(list(anchors)), Quiz.lesson_id.is_not(None))).all())
    lessons = {ls.id: ls for ls in db.session.scalars(select(Lesson).where(
        Lesson.id.in_(set(lesson_of.values())), ~Lesson.retired)
        .options(undefer(Lesson.content)))}
    out = {}
    for qid, lesson_id in lesson_of.items():
        lesson = lessons.get(lesson_id) if lesson_id is not None else None
        if lesson is None:
            continue
        headings = {s["id"]: s["heading"] for s in lesson.content.get("sections", [])}
        anchor = anchors[qid]
        out[qid] = Passage(lesson.module_id, lesson.slug, lesson.title, anchor,
                           headings.get(anchor, ""))
    return out
