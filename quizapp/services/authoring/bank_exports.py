"""The question bank as downloads for other systems (Moodle XML, Canvas QTI, QTI 2.1/3.0),
built from what is imported (the current version of every question in use), with the
fidelity report that says what each format keeps. Reads only; a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from ...content import model as content
from ...extensions import db
from ...interop.export import Export, export_module
from ...interop.mapping import FORMAT_NAMES, FORMATS
from ...interop.texts import to_markdown
from ...models import Lesson, MediaFile, Module, Question, QuestionVersion, Quiz
from ..errors import NotFound


@dataclass(frozen=True)
class ExportChoice:
    """A module the instructor can download, with how many questions it holds."""

    module_id: str
    title: str
    questions: int


FORMAT_CHOICES = tuple((fmt, FORMAT_NAMES[fmt]) for fmt in FORMATS)


def module_choices() -> tuple[ExportChoice, ...]:
    """Every module in use, with its count of questions in use (two queries)."""
    counts = dict(db.session.execute(
        select(Quiz.module_id, func.count(Question.id)).join(Question, Question.quiz_id == Quiz.id)
        .where(Question.retired.is_(False), Quiz.retired.is_(False), Quiz.kind == "lesson")
        .group_by(Quiz.module_id)).all())
    modules = db.session.scalars(select(Module).where(Module.retired.is_(False))
                                 .order_by(Module.position, Module.id))
    return tuple(ExportChoice(m.id, m.title, counts.get(m.id, 0)) for m in modules)


def _lesson(row: Lesson) -> content.Lesson:
    """A content lesson back from its stored, render-ready form (HTML -> our Markdown)."""
    data = row.content
    sections = tuple(content.Section(
        id=s["id"], heading=s["heading"], body=to_markdown(s.get("html", "")),
        nursing_focus=to_markdown(s.get("nursing_focus_html", "")), article=s.get("article", ""),
        references=tuple(r["id"] for r in s.get("references", [])))
        for s in data.get("sections", []))
    terms = tuple(content.KeyTerm(t["term"], t["definition"]) for t in data.get("key_terms", []))
    references = tuple(content.Reference(r["id"], r["authors"], r["title"], r["year"],
                                         "" if r.get("doi") else r.get("link", ""),
                                         r.get("doi", ""))
                       for r in data.get("references", []))
    return content.Lesson(row.slug, row.title, tuple(data.get("objectives", [])), sections,
                          terms, to_markdown(data.get("summary_html", "")),
                          references=references)


def _image_data(questions: list[content.Question]) -> dict[str, bytes]:
    """The stored bytes of every picture the questions show (one query)."""
    digests = {i.digest for q in questions for i in q.all_images()}
    if not digests:
        return {}
    return dict(db.session.execute(select(MediaFile.digest, MediaFile.data)
                                   .where(MediaFile.digest.in_(list(digests)))).all())


def _with_data(question: content.Question, blobs: dict[str, bytes]) -> content.Question:
    """The question with its pictures' bytes (snapshots name them by digest only)."""
    def filled(images: tuple[content.Image, ...]) -> tuple[content.Image, ...]:
        return tuple(replace(i, data=blobs.get(i.digest, b"")) for i in images)

    options = tuple(replace(o, images=filled(o.images)) for o in question.options)
    case = replace(question.case, images=filled(question.case.images)) if question.case else None
    return replace(question, images=filled(question.images), options=options, case=case)


def load_module(module_id: str) -> content.Module:
    """The module as content objects: its lessons and lesson quizzes, each question as its
    current version. NotFound when there is no such module in use."""
    module = db.session.get(Module, module_id)
    if module is None or module.retired:
        raise NotFound(f"There is no module '{module_id}'.")
    lessons = {row.id: row for row in db.session.scalars(
        select(Lesson).where(Lesson.module_id == module_id, Lesson.retired.is_(False))
        .order_by(Lesson.position).options(undefer(Lesson.content)))}
    quizzes = list(db.session.scalars(
        select(Quiz).where(Quiz.module_id == module_id, Quiz.kind == "lesson",
                           Quiz.retired.is_(False)).order_by(Quiz.position)))
    rows = [(quiz_id, content.Question.from_snapshot(snapshot)) for quiz_id, snapshot in
            db.session.execute(
                select(Question.quiz_id, QuestionVersion.snapshot)
                .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
                .where(Question.quiz_id.in_([q.id for q in quizzes]),
                       Question.retired.is_(False))
                .order_by(Question.position, Question.id))]
    blobs = _image_data([q for _, q in rows])
    by_quiz: dict[int, list[content.Question]] = {}
    for quiz_id, question in rows:
        by_quiz.setdefault(quiz_id, []).append(_with_data(question, blobs))
    quiz_objects = tuple(
        content.Quiz(q.slug, q.title, q.pass_mark, tuple(by_quiz.get(q.id, ())),
                     lesson_id=lessons[q.lesson_id].slug if q.lesson_id in lessons else None)
        for q in quizzes if by_quiz.get(q.id))
    return content.Module(module.id, module.title, module.description,
                          tuple(_lesson(row) for row in lessons.values()), quiz_objects)


def export_package(module_id: str, fmt: str) -> Export:
    """The module in `fmt` (moodle, canvas-qti, qti21, qti3) with its fidelity report."""
    if fmt not in FORMATS:
        raise NotFound(f"There is no export format '{fmt[:40]}'.")
    return export_module(load_module(module_id), fmt)
