"""One parser per Canvas question_type: a QTI 1.2 <item> -> our YAML fields. Keys are read
from the response conditions that give full marks; Canvas's own answer ids become a, b, c."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from .canvas_pictures import label_images
from .drafts import MAX_OPTIONS, NO_RATIONALE, Unconvertible, check_count, letters, rationale
from .moodle_cloze import stem_passage
from .safexml import local
from .texts import plain, to_markdown

Element = etree._Element
UNSUPPORTED = {
    "essay_question": "essays need a person to mark them; quizapp has no essay type",
    "file_upload_question": "file uploads need a person to mark them",
    "calculated_question": "calculated questions (random values) have no equivalent here",
    "fill_in_multiple_blanks_question": "typed blanks inside a text have no equivalent here "
                                        "(our cloze uses drop-downs)",
}
BLANK = re.compile(r"\\?\[([A-Za-z0-9_\- ]+)\\?\]")


def _all(node: Element, name: str) -> list[Element]:
    return [c for c in node.iter() if local(c.tag) == name]


def field_map(item: Element) -> dict[str, str]:
    """Canvas's item metadata (question_type, points_possible ...)."""
    out = {}
    for fld in _all(item, "qtimetadatafield"):
        out[fld.findtext("{*}fieldlabel") or ""] = (fld.findtext("{*}fieldentry") or "").strip()
    return out


def _mattext(node: Element) -> str:
    found = _all(node, "mattext")
    return (found[0].text or "") if found else ""


def _labels(lid: Element) -> list[tuple[str, str]]:
    return [(lab.get("ident", ""), to_markdown(_mattext(lab)))
            for lab in _all(lid, "response_label")]


def _with_pictures(lid: Element, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each option's picture (canvas_pictures left them on the answers)."""
    for option, label in zip(options, _all(lid, "response_label"), strict=False):
        if pictures := label_images(label):
            option["images"] = pictures
            if option["text"] == "(empty)":
                option["text"] = "(picture)"
    return options


def _feedback(item: Element) -> dict[str, str]:
    return {fb.get("ident", ""): to_markdown(_mattext(fb)) for fb in _all(item, "itemfeedback")}


def _full_marks(item: Element) -> list[Element]:
    """Conditions that give the whole score (setvar SCORE Set 100)."""
    out = []
    for cond in _all(item, "respcondition"):
        for setvar in _all(cond, "setvar"):
            try:
                value = Decimal((setvar.text or "0").strip())
            except InvalidOperation:
                continue
            if (setvar.get("action") or "Set") == "Set" and value >= 100:
                out.append(cond)
    return out


def _equals(cond: Element, positive_only: bool = True) -> list[tuple[str, str]]:
    out = []
    for eq in _all(cond, "varequal"):
        inside_not = any(local(a.tag) == "not" for a in eq.iterancestors())
        if not (positive_only and inside_not):
            out.append((eq.get("respident", ""), (eq.text or "").strip()))
    return out


def _options(labels: list[tuple[str, str]], feedback: dict[str, str],
             notes: list[str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    check_count("answers", len(labels), 2, MAX_OPTIONS)
    ids = letters(len(labels))
    missing: list[int] = []
    options = [{"id": i, "text": text or "(empty)",
                "rationale": rationale(feedback.get(f"{ident}_fb", ""), missing)}
               for i, (ident, text) in zip(ids, labels, strict=True)]
    if missing:
        notes.append(f"{len(missing)} answer(s) had no comment: a placeholder rationale was "
                     "written")
    return options, {ident: i for i, (ident, _) in zip(ids, labels, strict=True)}


def _lids(item: Element) -> list[Element]:
    return _all(item, "response_lid")


def multiple_choice(item: Element, notes: list[str]) -> dict[str, Any]:
    lids = _lids(item)
    if not lids:
        raise Unconvertible("has no answers")
    options, by_ident = _options(_labels(lids[0]), _feedback(item), notes)
    keys = [by_ident[v] for c in _full_marks(item) for _, v in _equals(c) if v in by_ident]
    if not keys:
        raise Unconvertible("has no answer that gives full marks")
    return {"type": "single_choice", "options": _with_pictures(lids[0], options),
            "key": keys[0]}


def true_false(item: Element, notes: list[str]) -> dict[str, Any]:
    labels = _labels(_lids(item)[0]) if _lids(item) else []
    by_text = {plain(text).lower(): ident for ident, text in labels}
    if set(by_text) != {"true", "false"}:
        raise Unconvertible("needs exactly the answers True and False")
    keys = [v for c in _full_marks(item) for _, v in _equals(c)]
    if not keys:
        raise Unconvertible("has no answer that gives full marks")
    feedback, missing = _feedback(item), list[int]()
    why = {k: rationale(feedback.get(f"{by_text[k]}_fb", ""), missing) for k in ("true",
                                                                                   "false")}
    if missing:
        notes.append("an answer had no comment: a placeholder rationale was written")
    return {"type": "true_false", "key": keys[0] == by_text["true"], "rationale": why}


def multiple_answers(item: Element, notes: list[str]) -> dict[str, Any]:
    lids = _lids(item)
    if not lids:
        raise Unconvertible("has no answers")
    options, by_ident = _options(_labels(lids[0]), _feedback(item), notes)
    keys = [by_ident[v] for c in _full_marks(item)[:1] for _, v in _equals(c) if v in by_ident]
    if not keys:
        raise Unconvertible("has no answer that gives full marks")
    # Canvas gives partial credit with a penalty: NCLEX +/- exactly.
    return {"type": "select_all", "options": _with_pictures(lids[0], options), "key": keys,
            "scoring": "plus_minus"}


def _part_keys(item: Element) -> dict[str, str]:
    """respident -> the answer ident that earns that part's share."""
    out: dict[str, str] = {}
    for cond in _all(item, "respcondition"):
        if any(float((s.text or "0").strip() or 0) > 0 for s in _all(cond, "setvar")):
            for respident, value in _equals(cond):
                out.setdefault(respident, value)
    return out


def matching(item: Element, notes: list[str]) -> dict[str, Any]:
    lids = _lids(item)
    check_count("items", len(lids), 2, MAX_OPTIONS)
    pool = _labels(lids[0])
    check_count("answers", len(pool), 2, MAX_OPTIONS)
    ids = letters(len(pool))
    by_ident = {ident: i for i, (ident, _) in zip(ids, pool, strict=True)}
    keys = _part_keys(item)
    items = []
    for n, lid in enumerate(lids, start=1):
        key = by_ident.get(keys.get(lid.get("ident", ""), ""))
        if key is None:
            raise Unconvertible(f"item {n} has no right answer")
        items.append({"id": f"i{n}", "text": to_markdown(_mattext(lid)) or f"Item {n}",
                      "key": key, "rationale": NO_RATIONALE})
    notes.append("Canvas matching has no per-item comment: placeholder rationales were written")
    return {"type": "matching", "options": [{"id": i, "text": plain(t) or "(empty)"}
                                            for i, (_, t) in zip(ids, pool, strict=True)],
            "items": items}


def multiple_dropdowns(item: Element, notes: list[str]) -> dict[str, Any]:
    lids = _lids(item)
    check_count("drop-downs", len(lids), 1, 6)
    keys = _part_keys(item)
    blanks, names = [], {}
    for n, lid in enumerate(lids, start=1):
        labels = _labels(lid)
        check_count("options in a drop-down", len(labels), 2, MAX_OPTIONS)
        ids = letters(len(labels))
        by_ident = {ident: i for i, (ident, _) in zip(ids, labels, strict=True)}
        key = by_ident.get(keys.get(lid.get("ident", ""), ""))
        if key is None:
            raise Unconvertible(f"drop-down {n} has no right answer")
        names[plain(_mattext(lid))] = f"b{n}"
        blanks.append({"id": f"b{n}", "options": [{"id": i, "text": plain(t) or "(empty)"}
                                                    for i, (_, t) in zip(ids, labels,
                                                                         strict=True)],
                       "key": key, "rationale": NO_RATIONALE})
    html_text = _mattext(next(c for c in item.iter() if local(c.tag) == "presentation"))
    stem, passage = stem_passage(html_text, BLANK)
    passage = BLANK.sub(lambda m: f"{{{{ {names.get(m.group(1).strip(), m.group(0))} }}}}",
                        passage)
    notes.append("Canvas drop-downs have no per-blank comment: placeholder rationales were "
                 "written")
    return {"type": "drop_down_cloze", "stem": stem, "passage": passage, "blanks": blanks}


def numerical(item: Element, notes: list[str]) -> dict[str, Any]:
    conds = _full_marks(item)
    if not conds:
        raise Unconvertible("has no answer that gives full marks")
    cond = conds[0]
    try:
        low = [Decimal(e.text or "") for e in _all(cond, "vargte") + _all(cond, "vargt")]
        high = [Decimal(e.text or "") for e in _all(cond, "varlte") + _all(cond, "varlt")]
        exact = [Decimal(v) for _, v in _equals(cond)]
    except InvalidOperation:
        raise Unconvertible("has a bound that is not a number") from None
    if low and high:
        target, tolerance = (low[0] + high[0]) / 2, (high[0] - low[0]) / 2
        if exact and exact[0] != target:
            target, tolerance = exact[0], max(exact[0] - low[0], high[0] - exact[0])
            notes.append("an uneven range became a symmetric tolerance around the answer")
    elif exact:
        target, tolerance = exact[0], Decimal(0)
    else:
        raise Unconvertible("has no exact answer or range")
    if len(conds) > 1:
        notes.append("only the first right answer is kept")
    feedback = _feedback(item)
    why = feedback.get("general_fb") or feedback.get("correct_fb") or ""
    return {"type": "numeric", "key": format(target.normalize(), "f"),
            "tolerance": format(abs(tolerance).normalize(), "f"),
            "rationale": rationale(why, [])}


def short_answer(item: Element, notes: list[str]) -> dict[str, Any]:
    accepted = [v for c in _full_marks(item) for _, v in _equals(c) if v]
    if not accepted:
        raise Unconvertible("has no accepted answer")
    feedback = _feedback(item)
    why = feedback.get("general_fb") or feedback.get("correct_fb") or ""
    return {"type": "short_text", "key": accepted if len(accepted) > 1 else accepted[0],
            "rationale": rationale(why, [])}


PARSERS = {
    "multiple_choice_question": multiple_choice, "true_false_question": true_false,
    "multiple_answers_question": multiple_answers, "matching_question": matching,
    "multiple_dropdowns_question": multiple_dropdowns, "numerical_question": numerical,
    "short_answer_question": short_answer,
}
