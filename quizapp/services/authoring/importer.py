"""Import a validated bank into the database, all or nothing.

New questions are added; an edited question gets a new version (by content hash); a question
missing from the files is retired (hidden from new attempts, kept for old ones). Re-importing
unchanged files changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ...content import Bank, ContentError, Problem
from ...content import model as content
from ...content.types import max_score
from ...database import write_transaction
from ...extensions import db
from ...models import Lesson, Module, Question, QuestionVersion, Quiz
from ...rendering import markdown_to_html
from ..policy.windows import refresh_open_attempts
from ..progress import Progress, Ticker
from .media import store_images


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.retired)} retired, {len(self.unchanged)} unchanged")


def import_bank(bank: Bank, problems: list[Problem], *,
                progress: Progress | None = None) -> ImportSummary:
    """Apply `bank` in one transaction; ContentError (nothing stored) if there are problems.
    `progress` hears (questions done, questions in the bank)."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    summary = ImportSummary()
    ticker = Ticker(progress, len(bank.questions()))
    with write_transaction():
        for position, module in enumerate(bank.modules):
            _import_module(module, position, summary, ticker)
    return summary


def _import_module(module: content.Module, position: int, summary: ImportSummary,
                   ticker: Ticker) -> None:
    row = db.session.get(Module, module.id) or Module(id=module.id)
    row.title, row.description, row.position, row.retired = (
        module.title, module.description, position, False)
    db.session.add(row)
    db.session.flush()
    lessons = {ls.slug: ls for ls in db.session.scalars(
        select(Lesson).where(Lesson.module_id == module.id))}
    quizzes = {qz.slug: qz for qz in db.session.scalars(
        select(Quiz).where(Quiz.module_id == module.id))}
    for ls in lessons.values():
        ls.retired = True
    for qz in quizzes.values():
        qz.retired = True
    lesson_rows = {}
    for i, lesson in enumerate(module.lessons):
        lesson_rows[lesson.id] = _upsert_lesson(lessons, module.id, lesson, i)
    db.session.flush()
    quiz_rows = []
    for i, quiz in enumerate(module.quizzes):
        lesson_row = lesson_rows[quiz.lesson_id] if quiz.lesson_id else None
        quiz_rows.append(_upsert_quiz(quizzes, module.id, quiz, i, lesson_row))
    if module.final_exam:  # its questions (a pool exam's own items) are imported with it
        quiz_rows.append(_upsert_quiz(quizzes, module.id, module.final_exam,
                                      len(module.quizzes), None))
    db.session.flush()
    _import_questions(module, quiz_rows, summary, ticker)
    store_images([q for quiz in module.all_quizzes() for q in quiz.questions])


def _lesson_content(lesson: content.Lesson) -> dict[str, Any]:
    def figure(f: content.Figure | None) -> dict[str, str] | None:
        if f is None:
            return None
        return {"file": f.file, "caption": f.caption, "description": f.description, "svg": f.svg}

    numbers = {r.id: i for i, r in enumerate(lesson.references, start=1)}

    return {
        "objectives": list(lesson.objectives),
        "sections": [{"id": s.id, "heading": s.heading, "article": s.article,
                      "references": [{"id": r, "number": numbers[r]} for r in s.references],
                      "html": markdown_to_html(s.body),
                      "nursing_focus_html": markdown_to_html(s.nursing_focus)
                      if s.nursing_focus else "",
                      "figure": figure(s.figure)} for s in lesson.sections],
        "key_terms": [{"term": t.term, "definition": t.definition} for t in lesson.key_terms],
        "summary_html": markdown_to_html(lesson.summary) if lesson.summary else "",
        "references": [{"id": r.id, "number": numbers[r.id], "authors": r.authors,
                        "title": r.title, "year": r.year, "link": r.link, "doi": r.doi}
                       for r in lesson.references],
    }


def _upsert_lesson(existing: dict[str, Lesson], module_id: str, lesson: content.Lesson,
                   pos: int) -> Lesson:
    data = _lesson_content(lesson)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    row = existing.get(lesson.id) or Lesson(module_id=module_id, slug=lesson.id)
    row.title, row.position, row.retired = lesson.title, pos, False
    row.source_file = lesson.location.file if lesson.location else ""
    if row.content_hash != digest:  # a new row has no hash yet
        row.content, row.content_hash = data, digest
    db.session.add(row)
    return row


def _upsert_quiz(existing: dict[str, Quiz], module_id: str, quiz: content.Quiz, pos: int,
                 lesson: Lesson | None) -> Quiz:
    row = existing.get(quiz.id) or Quiz(module_id=module_id, slug=quiz.id)
    row.title, row.pass_mark, row.position, row.retired = quiz.title, quiz.pass_mark, pos, False
    row.kind = "final" if quiz.is_final else "lesson"
    row.draw_per_lesson = quiz.draw_per_lesson
    row.blueprint = quiz.blueprint.to_json() if quiz.blueprint else None
    row.mode = quiz.mode
    row.time_limit_minutes = quiz.time_limit_minutes
    settings = quiz.settings
    row.attempts_allowed, row.grading = settings.attempts_allowed, settings.grading
    moved = quiz.id in existing and row.closes_at != settings.closes
    row.opens_at, row.closes_at = settings.opens, settings.closes
    row.review, row.review_shows = settings.review, settings.review_shows
    row.lesson_id = lesson.id if lesson else None
    row.source_file = quiz.location.file if quiz.location else ""
    row.source_line = quiz.location.line if quiz.location else 0
    db.session.add(row)
    if moved:  # open attempts end at the quiz's new close (or a cohort's own)
        db.session.flush()
        refresh_open_attempts(row)
    return row


def _import_questions(module: content.Module, quiz_rows: list[Quiz],
                      summary: ImportSummary, ticker: Ticker) -> None:
    incoming = {q.id: (q, quiz_rows[i]) for i, quiz in enumerate(module.all_quizzes())
                for q in quiz.questions}
    module_quiz_ids = select(Quiz.id).where(Quiz.module_id == module.id)
    existing = {q.id: q for q in db.session.scalars(
        select(Question).where((Question.quiz_id.in_(module_quiz_ids))
                               | Question.id.in_(list(incoming))))}
    versions: dict[str, dict[str, QuestionVersion]] = {}
    for v in db.session.scalars(select(QuestionVersion).where(
            QuestionVersion.question_id.in_(list(existing)))):
        versions.setdefault(v.question_id, {})[v.content_hash] = v
    for position, (qid, (question, quiz_row)) in enumerate(incoming.items()):
        ticker.tick()
        row = existing.get(qid)
        was_current, was_retired = (row.current_version_id, row.retired) if row else (None, False)
        if row is None:
            row = Question(id=qid)
            db.session.add(row)
            summary.added.append(qid)
        row.quiz_id, row.position, row.retired = quiz_row.id, position, False
        row.source_file = question.location.file if question.location else ""
        row.source_line = question.location.line if question.location else 0
        digest = question.content_hash()
        version = versions.get(qid, {}).get(digest)
        if version is None:
            db.session.flush()  # the question row must exist before its first version
            version = QuestionVersion(question_id=qid, number=_next_number(qid),
                                      content_hash=digest, snapshot=question.to_snapshot(),
                                      max_score=max_score(question))
            db.session.add(version)
            db.session.flush()
        row.current_version_id = version.id
        if qid in existing:
            changed = was_current != version.id or was_retired
            (summary.changed if changed else summary.unchanged).append(qid)
    for qid, row in existing.items():
        if qid not in incoming and not row.retired:
            row.retired = True
            summary.retired.append(qid)


def _next_number(qid: str) -> int:
    top = db.session.scalar(select(func.max(QuestionVersion.number))
                            .where(QuestionVersion.question_id == qid))
    return (top or 0) + 1
