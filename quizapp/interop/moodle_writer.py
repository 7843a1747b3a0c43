"""Write a module as Moodle XML: a category per lesson (its sections as description
questions), each item as the Moodle question type the mapping table names, with fractions
set so that Moodle's score is ours wherever the table says exact."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from lxml import etree

from ..content.model import Lesson, Module, Part, Question
from ..content.types.common import SLOT_PATTERN
from ..scoring import max_score
from .fidelity import NOT_EXPORTED, FidelityReport, ItemFidelity
from .mapping import item_fidelity
from .texts import to_html, to_inline_html
from .xmlbuild import Element, cdata, sub, to_bytes

# Moodle accepts only the fractions of its grade list; 100/n for n <= 10 are all in it.
PASSAGE_CLASS, CASE_CLASS, RATIONALES_CLASS = "quizapp-passage", "quizapp-case", \
    "quizapp-rationales"


def fraction(value: Decimal | float) -> str:
    """A Moodle fraction: percent with at most 5 decimals, as Moodle writes them."""
    text = f"{float(value):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(parent: Element, tag: str, html: str, fmt: str = "html") -> Element:
    node = sub(parent, tag, format=fmt)
    cdata(node, "text", html)
    return node


def _answer(parent: Element, frac: str, html: str, feedback: str = "",
            fmt: str = "html") -> Element:
    node = sub(parent, "answer", fraction=frac, format=fmt)
    cdata(node, "text", html)
    if feedback:
        _text(node, "feedback", to_html(feedback))
    return node


def _case_html(q: Question) -> str:
    if q.case is None:
        return ""
    return (f'<div class="{CASE_CLASS}" data-case="{q.case.id}"><h3>{_esc(q.case.title)}</h3>'
            f"{to_html(q.case.scenario)}</div>")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _part_rationales(parts: tuple[Part, ...], label: Callable[[Part], str]) -> str:
    items = "".join(f'<li data-part="{p.id}"><strong>{_esc(label(p))}</strong>: '
                    f"{to_inline_html(p.rationale)}</li>" for p in parts if p.rationale)
    return f'<ul class="{RATIONALES_CLASS}">{items}</ul>' if items else ""


def _header(q: Question, qtype: str, question_html: str, feedback_html: str = "") -> Element:
    node = etree.Element("question", type=qtype)
    name = sub(node, "name")
    sub(name, "text", q.id)
    _text(node, "questiontext", _case_html(q) + question_html)
    general = to_html(q.general_feedback) if q.general_feedback else ""
    _text(node, "generalfeedback", general + feedback_html)
    sub(node, "defaultgrade", str(max_score(q)))
    sub(node, "penalty", "0")
    sub(node, "hidden", "0")
    sub(node, "idnumber", q.id)
    return node


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


def _choice(q: Question) -> Element:
    many = q.type != "single_choice"
    node = _header(q, "multichoice", to_html(q.stem) + _passage_html(q))
    sub(node, "single", "false" if many else "true")
    sub(node, "shuffleanswers", "1" if q.shuffle else "0")
    sub(node, "answernumbering", "abc" if q.type != "highlight" else "none")
    keys = set(q.key)
    n = q.detail.picks if q.type == "select_n" and q.detail else len(keys)
    for o in q.options:
        if not many:
            frac = "100" if o.id in keys else "0"
        else:
            frac = fraction(Decimal(100) / n * (1 if o.id in keys else -1))
        _answer(node, frac, to_inline_html(o.text), o.rationale)
    return node


def _passage_html(q: Question) -> str:
    """Highlight: the passage with its phrases in bold, shown above the checkboxes."""
    if q.type != "highlight" or not q.detail:
        return ""
    phrases = {o.id: o.text for o in q.options}
    text = SLOT_PATTERN.sub(lambda m: f"**{phrases[m.group(1).strip()]}**", q.detail.passage)
    return f'<div class="{PASSAGE_CLASS}">{to_html(text)}</div>'


def _true_false(q: Question) -> Element:
    node = _header(q, "truefalse", to_html(q.stem))
    for o in q.options:
        _answer(node, "100" if o.id in q.key else "0", o.id, o.rationale, fmt="moodle_auto_format")
    return node


def _ordering(q: Question) -> Element:
    node = _header(q, "ordering", to_html(q.stem))
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                       ("gradingtype", "ALL_OR_NOTHING" if q.scoring == "all_or_nothing"
                        else "ABSOLUTE_POSITION"), ("showgrading", "SHOW"),
                       ("numberingstyle", "none")):
        sub(node, tag, value)
    by_id = {o.id: o for o in q.options}
    for position, oid in enumerate(q.key, start=1):
        _answer(node, f"{position}", to_inline_html(by_id[oid].text), by_id[oid].rationale)
    return node


def _match(q: Question) -> Element:
    names = {o.id: o.text for o in q.options}
    node = _header(q, "match", to_html(q.stem), _part_rationales(q.parts, lambda p: p.text))
    sub(node, "shuffleanswers", "1" if q.shuffle or q.type == "matrix_multiple_choice" else "0")
    used = {k for p in q.parts for k in p.key}
    for p in q.parts:
        subq = sub(node, "subquestion", format="html")
        cdata(subq, "text", to_inline_html(p.text))
        sub(sub(subq, "answer"), "text", names[p.key[0]])
    for o in q.options:
        if o.id not in used:  # a distractor: an answer no item takes
            subq = sub(node, "subquestion", format="html")
            cdata(subq, "text", "")
            sub(sub(subq, "answer"), "text", o.text)
    return node


def _gapselect(q: Question) -> Element:
    assert q.detail is not None
    marker: dict[str, str] = {}
    options: list[tuple[str, int]] = []
    for group, blank in enumerate(q.parts, start=1):
        for o in blank.options:
            options.append((o.text, group))
            if o.id == blank.key[0]:
                marker[blank.id] = f"[[{len(options)}]]"
    passage = SLOT_PATTERN.sub(lambda m: marker[m.group(1).strip()], q.detail.passage)
    html = to_html(q.stem) + f'<div class="{PASSAGE_CLASS}">{to_html(passage)}</div>'
    node = _header(q, "gapselect", html, _part_rationales(q.parts, lambda p: p.id))
    sub(node, "shuffleanswers", "1" if q.shuffle else "0")
    for text, group in options:
        option = sub(node, "selectoption")
        sub(option, "text", text)
        sub(option, "group", str(group))
    return node


def _cloze_part(weight: int, kind: str, choices: list[tuple[str, str]]) -> str:
    """A multianswer part, {w:KIND:%f%text~...}; }, # and ~ in texts are escaped."""
    def esc(text: str) -> str:
        return "".join("\\" + c if c in "}#~/\"\\" else c for c in text)
    return "{" + f"{weight}:{kind}:" + "~".join(f"%{f}%{esc(t)}" for f, t in choices) + "}"


def _multianswer(q: Question) -> Element | None:
    names = {o.id: o.text for o in q.options}
    rows: list[str] = []
    for p in q.parts:
        pool = [(o.id, o.text) for o in p.options] or list(names.items())
        if not p.key:
            return None  # a row with no key cannot be a Moodle cloze part
        if p.picks == 1:
            choices = [("100" if oid in p.key else "0", t) for oid, t in pool]
            rows.append(f"<p>{_esc(p.text)}: {_cloze_part(1, 'MULTICHOICE', choices)}</p>")
            continue
        share = Decimal(100) / len(p.key)
        choices = [(fraction(share if oid in p.key else -share), t) for oid, t in pool]
        weight = len(p.key) if q.type == "bow_tie" else 1
        rows.append(f"<p>{_esc(p.text or p.id)}: {_cloze_part(weight, 'MULTIRESPONSE', choices)}"
                    "</p>")
    node = _header(q, "multianswer", to_html(q.stem) + "".join(rows),
                   _part_rationales(q.parts, lambda p: p.text or p.id))
    return node


def _numeric(q: Question) -> Element:
    assert q.detail is not None
    target = Decimal(q.key[0])
    tolerance = Decimal(q.detail.tolerance)
    if q.detail.tolerance_kind == "percent":
        tolerance = abs(target) * tolerance / 100
    node = _header(q, "numerical", to_html(q.stem))
    answer = _answer(node, "100", q.key[0], q.detail.rationale, fmt="moodle_auto_format")
    sub(answer, "tolerance", format(tolerance.normalize(), "f"))
    _answer(node, "0", "*", q.detail.rationale, fmt="moodle_auto_format")
    if q.detail.unit:
        unit = sub(sub(node, "units"), "unit")
        sub(unit, "multiplier", "1")
        sub(unit, "unit_name", q.detail.unit)
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0"), ("showunits", "0"),
                       ("unitsleft", "0")):
        sub(node, tag, value)
    return node


def _short_text(q: Question) -> Element:
    assert q.detail is not None
    node = _header(q, "shortanswer", to_html(q.stem))
    sub(node, "usecase", "1" if q.detail.case_sensitive else "0")
    for accepted in q.key:
        _answer(node, "100", accepted.replace("*", "\\*"), q.detail.rationale,
                fmt="moodle_auto_format")
    return node


WRITERS: dict[str, Callable[[Question], Element | None]] = {
    "single_choice": _choice, "select_all": _choice, "select_n": _choice, "highlight": _choice,
    "true_false": _true_false, "ordered_response": _ordering,
    "matching": _match, "matrix_multiple_choice": _match,
    "drop_down_cloze": _gapselect, "drop_down_rationale": _gapselect,
    "matrix_multiple_response": _multianswer, "bow_tie": _multianswer,
    "numeric": _numeric, "short_text": _short_text,
}


def _category(root: Element, module: Module, lesson: Lesson | None, title: str) -> None:
    node = sub(root, "question", type="category")
    path = f"$course$/top/{module.title}" + (f"/{title}" if lesson else "")
    sub(sub(node, "category"), "text", path)
    _text(node, "info", f"<p>{_esc(title)}</p>")
    if lesson is not None:
        sub(node, "idnumber", lesson.id)


def _sources(lesson: Lesson, ids: tuple[str, ...]) -> str:
    """The references a section rests on, as a list with links (every lesson cites them)."""
    refs = [r for r in lesson.references if r.id in ids]
    if not refs:
        return ""
    items = "".join(f'<li>{_esc(r.authors)} ({r.year}). {_esc(r.title)}. '
                    f'<a href="{_esc(r.link)}">{_esc(r.link)}</a></li>' for r in refs)
    return f"<h3>Sources</h3><ol>{items}</ol>"


def _lesson_sections(root: Element, lesson: Lesson) -> None:
    for section in lesson.sections:
        node = sub(root, "question", type="description")
        sub(sub(node, "name"), "text", section.heading)
        body = to_html(section.body)
        if section.nursing_focus:
            body += f"<h3>Nursing focus</h3>{to_html(section.nursing_focus)}"
        body += _sources(lesson, section.references)
        _text(node, "questiontext", body)
        _text(node, "generalfeedback", "")
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
