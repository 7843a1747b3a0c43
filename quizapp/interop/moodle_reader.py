"""Read a Moodle XML question file into drafts: categories become lessons (their description
questions the lesson's sections), each supported question type one of ours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from . import moodle_items as items
from .drafts import Draft, DraftBank, DraftLesson, Ids, Unconvertible, meta_from_tags, slug
from .errors import InteropError
from .moodle_cloze import gapselect, multianswer
from .moodle_pictures import take_pictures
from .moodle_xml import CASE_CLASS
from .pictures import Pictures
from .safexml import parse_xml
from .texts import drop, plain, to_markdown

Element = etree._Element
UNSUPPORTED = {
    "essay": "essays need a person to mark them; quizapp has no essay type",
    "calculated": "calculated questions (random values) have no equivalent here",
    "calculatedsimple": "calculated questions (random values) have no equivalent here",
    "calculatedmulti": "calculated questions (random values) have no equivalent here",
    "randomsamatch": "random short-answer matching draws from other questions; no equivalent",
    "random": "a random question is a draw rule, not an item",
    "ddwtos": "drag-and-drop into text has no equivalent (use drop-down cloze)",
    "ddimageortext": "drag-and-drop onto an image has no equivalent",
    "ddmarker": "drag markers has no equivalent",
}
PARSERS: dict[str, Callable[[Element, list[str]], dict[str, Any]]] = {
    "multichoice": items.multichoice, "multichoiceset": items.multichoiceset,
    "truefalse": items.truefalse, "match": items.match, "shortanswer": items.shortanswer,
    "numerical": items.numerical, "multianswer": multianswer,
    "gapselect": gapselect, "ordering": items.ordering,
}


def read_moodle(data: bytes, name: str) -> DraftBank:
    """Drafts for every question in a Moodle XML file; InteropError when the file is refused."""
    root = parse_xml(data, name)
    if etree.QName(root).localname != "quiz":
        raise InteropError(name, root.sourceline or 0, "is not Moodle XML (its root element is "
                                                       f"<{etree.QName(root).localname}>, not "
                                                       "<quiz>)")
    bank = DraftBank(title="", format="moodle")
    ids = Ids()
    lesson: DraftLesson | None = None
    for node in root.iter("question"):
        qtype = node.get("type", "")
        place = f"{name}:{node.sourceline}"
        if qtype == "category":
            lesson = _category(bank, node, ids, place)
            continue
        if lesson is None:
            lesson = _lesson(bank, ids, "Imported questions", "", place)
        label = items.text_of(node, "name") or f"question at line {node.sourceline}"
        if qtype == "description":
            _section(lesson, node, ids)
        elif qtype in PARSERS:
            _item(bank, lesson, node, qtype, ids, place, label)
        else:
            bank.skip(label, qtype or "?", place,
                      UNSUPPORTED.get(qtype, f"Moodle type '{qtype}' has no equivalent here"))
    bank.lessons = [ls for ls in bank.lessons if ls.items or ls.sections]
    return bank


def _lesson(bank: DraftBank, ids: Ids, title: str, wanted: str, place: str) -> DraftLesson:
    lesson = DraftLesson(ids.take(wanted or title, "lesson"), title, place)
    bank.lessons.append(lesson)
    return lesson


def _category(bank: DraftBank, node: Element, ids: Ids, place: str) -> DraftLesson:
    path = items.text_of(node, "category").replace("$course$/", "").replace("top/", "")
    parts = [p for p in path.split("/") if p.strip()]
    if not bank.title and parts:
        bank.title = parts[0]
    title = parts[-1] if parts else "Imported questions"
    return _lesson(bank, ids, title, node.findtext("idnumber") or "", place)


def _section(lesson: DraftLesson, node: Element, ids: Ids) -> None:
    body = to_markdown(items.html_of(node, "questiontext"))
    if not body:
        return
    heading = items.text_of(node, "name") or "Introduction"
    wanted = node.findtext("idnumber") or heading
    lesson.sections.append({"id": ids.take(wanted, "section"), "heading": heading,
                            "body": body})


def _stem_and_case(html_text: str) -> tuple[str, dict[str, Any] | None]:
    """Split off a case scenario our export put before the stem (a marked <div>)."""
    if CASE_CLASS not in html_text:
        return html_text, None
    fragment = lxml_html.fragment_fromstring(html_text, create_parent="div")
    for div in fragment.iter("div"):
        if div.get("class") == CASE_CLASS:
            title = div.find("h3")
            case: dict[str, Any] = {"id": div.get("data-case", ""),
                    "title": title.text_content() if title is not None else ""}
            if title is not None:
                drop(title)
            case["scenario"] = to_markdown(lxml_html.tostring(div, encoding="unicode"))
            drop(div)
            rest = "".join(lxml_html.tostring(c, encoding="unicode") for c in fragment)
            return (fragment.text or "") + rest, case
    return html_text, None


def _item(bank: DraftBank, lesson: DraftLesson, node: Element, qtype: str, ids: Ids,
          place: str, label: str) -> None:
    notes: list[str] = []
    found = take_pictures(node, Pictures(bank.files), notes)
    try:
        data = PARSERS[qtype](node, notes)
    except Unconvertible as exc:
        bank.skip(label, qtype, place, str(exc))
        return
    html_text, case = _stem_and_case(items.html_of(node, "questiontext"))
    if found.stem:
        data["images"] = found.stem
    if case is not None and found.case:
        case["images"] = found.case
    if "stem" not in data:
        data["stem"] = to_markdown(html_text)
    if not data["stem"]:
        bank.skip(label, qtype, place, "the question text is empty")
        return
    tags = [t.findtext("text") or "" for t in node.iterfind("tags/tag")]
    meta = meta_from_tags(tags, notes)
    source = meta.pop("source", None)
    wanted = node.findtext("idnumber") or label
    question: dict[str, Any] = {"id": ids.take(wanted, "question"), **data, **meta}
    general = to_markdown(items.without_rationales(items.html_of(node, "generalfeedback")))
    if general:
        question["general_feedback"] = general
    question["_source"] = source
    _attach(lesson, Draft(question, place, qtype, notes), case, plain(label))


def _attach(lesson: DraftLesson, draft: Draft, case: dict[str, Any] | None, label: str) -> None:
    """Add the item, or append it to the case it shares with the previous item."""
    if case is None:
        lesson.items.append(draft)
        return
    last = lesson.items[-1] if lesson.items else None
    if last is not None and last.data.get("case", {}).get("_key") == case["id"]:
        last.data["case"]["questions"].append(draft.data)
        last.notes.extend(n for n in draft.notes if n not in last.notes)
        return
    data: dict[str, Any] = {"case": {"_key": case["id"],
                                     "id": slug(case["id"] or case["title"], "case"),
                                     "title": case["title"] or label,
                                     "scenario": case["scenario"], "questions": [draft.data]}}
    if case.get("images"):
        data["case"]["images"] = case["images"]
    lesson.items.append(Draft(data, draft.place, "case", draft.notes))
