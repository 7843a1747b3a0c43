"""Read Canvas QTI 1.2 (a quiz export zip, a course export .imscc, or one QTI file) into
drafts: each assessment becomes a lesson with its quiz; Canvas's question_type says what
each item is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from .archive import Archive
from .canvas_items import PARSERS, UNSUPPORTED, field_map
from .canvas_pictures import Fetch, no_fetch, package_fetch, take_pictures
from .drafts import Draft, DraftBank, DraftLesson, Ids, Unconvertible, meta_from_tags
from .errors import InteropError
from .pictures import Pictures
from .safexml import local, parse_xml
from .texts import plain, to_markdown

Element = etree._Element


def _children(node: Element, name: str) -> list[Element]:
    return [c for c in node if local(c.tag) == name]


def _descendants(node: Element, name: str) -> list[Element]:
    return [c for c in node.iter() if local(c.tag) == name]


def read_canvas_xml(data: bytes, name: str, bank: DraftBank | None = None,
                    ids: Ids | None = None, fetch: Fetch = no_fetch) -> DraftBank:
    """Drafts from one QTI 1.2 file (its assessments, or a question bank's items)."""
    root = parse_xml(data, name)
    if local(root.tag) != "questestinterop":
        raise InteropError(name, root.sourceline or 0, "is not QTI 1.2 (no <questestinterop>)")
    bank = bank or DraftBank(title="", format="canvas-qti")
    ids = ids or Ids()
    groups = _descendants(root, "assessment") or _descendants(root, "objectbank") or [root]
    for group in groups:
        title = group.get("title") or _bank_title(group) or "Imported questions"
        bank.title = bank.title or title
        lesson = DraftLesson(ids.take(title, "lesson"), title, f"{name}:{group.sourceline}")
        bank.lessons.append(lesson)
        for item in _descendants(group, "item"):
            _item(bank, lesson, item, name, ids, fetch)
    return bank


def _bank_title(group: Element) -> str:
    for fld in _descendants(group, "qtimetadatafield"):
        label = fld.findtext("{*}fieldlabel") or ""
        if label == "bank_title":
            return fld.findtext("{*}fieldentry") or ""
    return ""


def _item(bank: DraftBank, lesson: DraftLesson, item: Element, name: str, ids: Ids,
          fetch: Fetch) -> None:
    fields = field_map(item)
    qtype = fields.get("question_type", "")
    place = f"{name}:{item.sourceline}"
    label = item.get("title") or item.get("ident") or f"item at line {item.sourceline}"
    notes: list[str] = []
    found = take_pictures(item, Pictures(bank.files), fetch, notes)
    stem_html = _stem_html(item)
    if qtype == "text_only_question":
        body = to_markdown(stem_html)
        if body:
            lesson.sections.append({"id": ids.take(label, "section"), "heading": plain(label),
                                    "body": body})
        return
    parser: Callable[[Element, list[str]], dict[str, Any]] | None = PARSERS.get(qtype)
    if parser is None:
        bank.skip(label, qtype or "?", place, UNSUPPORTED.get(
            qtype, f"Canvas type '{qtype or 'unknown'}' has no equivalent here"))
        return
    try:
        data = parser(item, notes)
    except Unconvertible as exc:
        bank.skip(label, qtype, place, str(exc))
        return
    data.setdefault("stem", to_markdown(stem_html))
    if not data["stem"]:
        bank.skip(label, qtype, place, "the question text is empty")
        return
    meta = meta_from_tags([], notes)
    meta.pop("source", None)
    question = {"id": ids.take(label, "question"), **data, **meta}
    if found.stem:
        question["images"] = found.stem[:4]
    lesson.items.append(Draft(question, place, qtype, notes))


def _stem_html(item: Element) -> str:
    presentation = next(iter(_descendants(item, "presentation")), None)
    if presentation is None:
        return ""
    material = next(iter(_children(presentation, "material")), None)
    return (material.findtext("{*}mattext") or "") if material is not None else ""


def read_canvas_package(data: bytes, name: str) -> DraftBank:
    """Drafts from a zip: the full `non_cc_assessments/*.qti` copies when present (a course
    export), else every QTI file the manifest lists (a quiz export)."""
    archive = Archive(data, name)
    members = archive.names()
    full = [m for m in members if m.startswith("non_cc_assessments/") and m.endswith(".qti")]
    chosen = full or _from_manifest(archive) or [m for m in members if m.endswith(".xml")
                                                 and m != "imsmanifest.xml"
                                                 and "assessment_meta" not in m]
    bank, ids = DraftBank(title="", format="canvas-qti"), Ids()
    for member in chosen:
        content = archive.read(member)
        if b"questestinterop" not in content[:4096]:
            continue
        read_canvas_xml(content, f"{name}!{member}", bank, ids, package_fetch(archive, member))
    if not bank.lessons and not bank.skipped:
        raise InteropError(name, 0, "holds no QTI 1.2 assessment or question bank")
    return bank


def _from_manifest(archive: Archive) -> list[str]:
    if not archive.has("imsmanifest.xml"):
        return []
    root = parse_xml(archive.read("imsmanifest.xml"), f"{archive.name}!imsmanifest.xml")
    out = []
    for resource in _descendants(root, "resource"):
        if "imsqti" not in (resource.get("type") or ""):
            continue
        for file_node in _children(resource, "file"):
            href = file_node.get("href") or ""
            if archive.has(href) and href not in out:
                out.append(href)
    return out
