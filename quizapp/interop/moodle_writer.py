"""Write a module as Moodle XML: a category per lesson (its sections, with their sources, as
description questions), then each item as moodle_questions writes it, tagged with our
metadata so that `quiz convert` reads it back whole."""

from __future__ import annotations

from lxml import etree

from ..content.model import Lesson, Module, Question
from .fidelity import NOT_EXPORTED, FidelityReport, ItemFidelity
from .mapping import item_fidelity
from .moodle_questions import WRITERS
from .moodle_xml import esc, text
from .texts import to_html
from .xmlbuild import Element, sub, to_bytes

__all__ = ["WRITERS", "write_moodle"]

def _tags(node: Element, q: Question) -> None:
    tags = sub(node, "tags")
    values = [f"difficulty:{q.difficulty}", f"bloom:{q.bloom}", f"cn:{q.client_need}",
              f"type:{q.type}"]
    if q.clinical_judgement:
        values.append(f"cj:{q.clinical_judgement}")
    if len(q.source) <= 46:  # Moodle tags are at most 50 characters
        values.append(f"src:{q.source}")
    for value in values:
        sub(sub(tags, "tag"), "text", value)

def _category(root: Element, module: Module, lesson: Lesson | None, title: str) -> None:
    node = sub(root, "question", type="category")
    path = f"$course$/top/{module.title}" + (f"/{title}" if lesson else "")
    sub(sub(node, "category"), "text", path)
    text(node, "info", f"<p>{esc(title)}</p>")
    if lesson is not None:
        sub(node, "idnumber", lesson.id)


def _sources(lesson: Lesson, ids: tuple[str, ...]) -> str:
    """The references a section rests on, as a list with links (every lesson cites them)."""
    refs = [r for r in lesson.references if r.id in ids]
    if not refs:
        return ""
    items = "".join(f'<li>{esc(r.authors)} ({r.year}). {esc(r.title)}. '
                    f'<a href="{esc(r.link)}">{esc(r.link)}</a></li>' for r in refs)
    return f"<h3>Sources</h3><ol>{items}</ol>"


def _lesson_sections(root: Element, lesson: Lesson) -> None:
    for section in lesson.sections:
        node = sub(root, "question", type="description")
        sub(sub(node, "name"), "text", section.heading)
        body = to_html(section.body)
        if section.nursing_focus:
            body += f"<h3>Nursing focus</h3>{to_html(section.nursing_focus)}"
        body += _sources(lesson, section.references)
        text(node, "questiontext", body)
        text(node, "generalfeedback", "")
        sub(node, "defaultgrade", "0")
        sub(node, "penalty", "0")
        sub(node, "hidden", "0")
        sub(node, "idnumber", section.id)


def write_moodle(module: Module, report: FidelityReport) -> bytes:
    """The module as one Moodle XML file; `report` gets a line per item and per lesson."""
    root = etree.Element("quiz")
    _category(root, module, None, module.title)
    lessons = {lesson.id: lesson for lesson in module.lessons}
    for quiz in module.quizzes:
        lesson = lessons.get(quiz.lesson_id or "")
        if lesson is None:
            continue
        _category(root, module, lesson, lesson.title)
        _lesson_sections(root, lesson)
        report.lessons.append(ItemFidelity(lesson.id, "lesson", "approximated", "",
                                           "description questions", True,
                                           ("each section (with its sources) is a description "
                                            "question in the lesson's category; key terms, "
                                            "objectives and figures are not exported",)))
        for q in quiz.questions:
            verdict = item_fidelity(q, "moodle")
            node = WRITERS[q.type](q) if verdict.status != NOT_EXPORTED else None
            if node is None and verdict.status != NOT_EXPORTED:
                verdict = ItemFidelity(q.id, q.type, NOT_EXPORTED, verdict.place, "", False,
                                       ("a row has no keyed column, which a Moodle cloze part "
                                        "cannot hold",))
            report.items.append(verdict)
            if node is not None:
                _tags(node, q)
                root.append(node)
    return to_bytes(root)
