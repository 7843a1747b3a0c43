"""One Moodle XML writer per question type, each as the mapping table names it, with
fractions set so that Moodle's score is ours wherever the table says exact."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..content.model import Question
from ..content.slots import SLOT_PATTERN
from .moodle_xml import (
    PASSAGE_CLASS,
    answer,
    esc,
    fraction,
    header,
    part_rationales,
)
from .texts import to_html, to_inline_html
from .xmlbuild import Element, cdata, sub


def _choice(q: Question) -> Element:
    many = q.type != "single_choice"
    node = header(q, "multichoice", to_html(q.stem) + _passage_html(q))
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
        answer(node, frac, to_inline_html(o.text), o.rationale, images=o.images)
    return node


def _passage_html(q: Question) -> str:
    """Highlight: the passage with its phrases in bold, shown above the checkboxes."""
    if q.type != "highlight" or not q.detail:
        return ""
    phrases = {o.id: o.text for o in q.options}
    text = SLOT_PATTERN.sub(lambda m: f"**{phrases[m.group(1).strip()]}**", q.detail.passage)
    return f'<div class="{PASSAGE_CLASS}">{to_html(text)}</div>'


def _true_false(q: Question) -> Element:
    node = header(q, "truefalse", to_html(q.stem))
    for o in q.options:
        answer(node, "100" if o.id in q.key else "0", o.id, o.rationale, fmt="moodle_auto_format")
    return node


def _ordering(q: Question) -> Element:
    node = header(q, "ordering", to_html(q.stem))
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                       ("gradingtype", "ALL_OR_NOTHING" if q.scoring == "all_or_nothing"
                        else "ABSOLUTE_POSITION"), ("showgrading", "SHOW"),
                       ("numberingstyle", "none")):
        sub(node, tag, value)
    by_id = {o.id: o for o in q.options}
    for position, oid in enumerate(q.key, start=1):
        answer(node, f"{position}", to_inline_html(by_id[oid].text), by_id[oid].rationale,
                images=by_id[oid].images)
    return node


def _match(q: Question) -> Element:
    names = {o.id: o.text for o in q.options}
    node = header(q, "match", to_html(q.stem), part_rationales(q.parts, lambda p: p.text))
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
    node = header(q, "gapselect", html, part_rationales(q.parts, lambda p: p.id))
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
            rows.append(f"<p>{esc(p.text)}: {_cloze_part(1, 'MULTICHOICE', choices)}</p>")
            continue
        share = Decimal(100) / len(p.key)
        choices = [(fraction(share if oid in p.key else -share), t) for oid, t in pool]
        weight = len(p.key) if q.type == "bow_tie" else 1
        rows.append(f"<p>{esc(p.text or p.id)}: {_cloze_part(weight, 'MULTIRESPONSE', choices)}"
                    "</p>")
    node = header(q, "multianswer", to_html(q.stem) + "".join(rows),
                   part_rationales(q.parts, lambda p: p.text or p.id))
    return node


def _numeric(q: Question) -> Element:
    assert q.detail is not None
    target = Decimal(q.key[0])
    tolerance = Decimal(q.detail.tolerance)
    if q.detail.tolerance_kind == "percent":
        tolerance = abs(target) * tolerance / 100
    node = header(q, "numerical", to_html(q.stem))
    right = answer(node, "100", q.key[0], q.detail.rationale, fmt="moodle_auto_format")
    sub(right, "tolerance", format(tolerance.normalize(), "f"))
    answer(node, "0", "*", q.detail.rationale, fmt="moodle_auto_format")
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
    node = header(q, "shortanswer", to_html(q.stem))
    sub(node, "usecase", "1" if q.detail.case_sensitive else "0")
    for accepted in q.key:
        answer(node, "100", accepted.replace("*", "\\*"), q.detail.rationale,
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
