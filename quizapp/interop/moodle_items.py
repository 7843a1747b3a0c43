"""One parser per Moodle question type: the XML of one <question> -> our YAML fields.

Fractions are read as Moodle scores them and mapped to our rules where they agree; anything
else is converted approximately with a note, or refused with the reason (Unconvertible)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..content.reader import OPTION_ID_PATTERN
from .drafts import MAX_OPTIONS, Unconvertible, check_count, letters, rationale
from .moodle_pictures import answer_images
from .moodle_xml import RATIONALES_CLASS
from .texts import drop, plain, to_markdown

Element = etree._Element


def text_of(node: Element, path: str) -> str:
    """The <text> under `path` as plain text."""
    return (node.findtext(f"{path}/text") or "").strip()


def html_of(node: Element, path: str) -> str:
    return node.findtext(f"{path}/text") or ""


def _fraction(answer: Element) -> Decimal:
    try:
        return Decimal(answer.get("fraction", "0").strip() or "0")
    except InvalidOperation:
        raise Unconvertible(f"has an answer fraction that is not a number "
                            f"('{answer.get('fraction', '')[:20]}')") from None


def _answers(node: Element) -> list[tuple[str, Decimal, str]]:
    """(text as Markdown, fraction in percent, feedback as Markdown) per <answer>."""
    out = []
    for answer in node.iterfind("answer"):
        text = to_markdown(answer.findtext("text") or "")
        out.append((text, _fraction(answer), to_markdown(html_of(answer, "feedback"))))
    return out


def _options(answers: list[tuple[str, Decimal, str]], notes: list[str]) -> list[dict[str, Any]]:
    check_count("answers", len(answers), 2, MAX_OPTIONS)
    missing: list[int] = []
    ids = letters(len(answers))
    options = [{"id": i, "text": t or "(empty)", "rationale": rationale(f, missing)}
               for i, (t, _, f) in zip(ids, answers, strict=True)]
    if missing:
        notes.append(f"{len(missing)} option(s) had no feedback: a placeholder rationale "
                     "was written")
    return options


def _pictures(node: Element, options: list[dict[str, Any]], notes: list[str]) -> None:
    """Each option's picture, in answer order (moodle_pictures left them on the answers)."""
    for option, answer in zip(options, node.iterfind("answer"), strict=False):
        if pictures := answer_images(answer, notes):
            option["images"] = pictures
            if option["text"] == "(empty)":
                option["text"] = "(picture)"


def multichoice(node: Element, notes: list[str]) -> dict[str, Any]:
    """One answer -> single_choice; multiple -> select_all, its fractions read as a rule."""
    answers = _answers(node)
    options = _options(answers, notes)
    _pictures(node, options, notes)
    ids = [o["id"] for o in options]
    single = (node.findtext("single") or "true").strip().lower() not in ("false", "0")
    shuffle = (node.findtext("shuffleanswers") or "1").strip().lower() in ("1", "true")
    if single:
        best = max(f for _, f, _ in answers)
        if best <= 0:
            raise Unconvertible("has no answer with a positive fraction")
        keys = [i for i, (_, f, _) in zip(ids, answers, strict=True) if f == best]
        partial = [f for _, f, _ in answers if 0 < f < best]
        if best != 100 or partial or len(keys) > 1:
            notes.append("partial-credit fractions are not kept: only the best answer scores")
        return {"type": "single_choice", "options": options, "key": keys[0], "shuffle": shuffle}
    keys = [i for i, (_, f, _) in zip(ids, answers, strict=True) if f > 0]
    if not keys:
        raise Unconvertible("has no answer with a positive fraction")
    _read_plus_minus(answers, len(keys), notes)
    return {"type": "select_all", "options": options, "key": keys, "shuffle": shuffle,
            "scoring": "plus_minus"}


def _read_plus_minus(answers: list[tuple[str, Decimal, str]], k: int, notes: list[str]) -> None:
    share = Decimal(100) / k
    rights = {f for _, f, _ in answers if f > 0}
    wrongs = {f for _, f, _ in answers if f <= 0}
    if all(abs(f - share) < Decimal("0.001") for f in rights) and \
            all(abs(f + share) < Decimal("0.001") for f in wrongs):
        return  # NCLEX +/- exactly: +1/k per key, -1/k per other option
    shown = sorted({format(f.normalize(), "f") for f in rights | wrongs})
    notes.append("fractions " + ", ".join(shown)
                 + " are not NCLEX +/-; scored here as +/- (1/k per key, -1/k per other "
                 "option, floored at 0)")


def multichoiceset(node: Element, notes: list[str]) -> dict[str, Any]:
    """The all-or-nothing multiple choice plugin: select_all scored all or nothing."""
    answers = _answers(node)
    options = _options(answers, notes)
    _pictures(node, options, notes)
    keys = [o["id"] for o, (_, f, _) in zip(options, answers, strict=True) if f > 0]
    if not keys:
        raise Unconvertible("has no correct answer")
    return {"type": "select_all", "options": options, "key": keys, "scoring": "all_or_nothing"}


def truefalse(node: Element, notes: list[str]) -> dict[str, Any]:
    feedback: dict[str, str] = {}
    key: bool | None = None
    missing: list[int] = []
    for answer in node.iterfind("answer"):
        value = (answer.findtext("text") or "").strip().lower()
        if value not in ("true", "false"):
            raise Unconvertible(f"has a true/false answer '{value[:20]}' (not true or false)")
        feedback[value] = rationale(to_markdown(html_of(answer, "feedback")), missing)
        if _fraction(answer) > 0:
            key = value == "true"
    if key is None or len(feedback) != 2:
        raise Unconvertible("needs a 'true' and a 'false' answer, one of them right")
    if missing:
        notes.append("an answer had no feedback: a placeholder rationale was written")
    return {"type": "true_false", "key": key, "rationale": feedback}


def part_rationales(node: Element) -> list[tuple[str, str]]:
    """(part id, rationale) our export listed in the general feedback, in part order."""
    html_text = html_of(node, "generalfeedback")
    if RATIONALES_CLASS not in html_text:
        return []
    fragment = lxml_html.fragment_fromstring(html_text, create_parent="div")
    out = []
    for li in fragment.iter("li"):
        if li.get("data-part"):
            label = li.find("strong")
            if label is not None:  # the part's label; keep the text after it
                li.text = (li.text or "") + (label.tail or "")
                label.tail = None
                li.remove(label)
            text = to_markdown(lxml_html.tostring(li, encoding="unicode"))
            text = re.sub(r"^[-*]\s*", "", text).lstrip(": ").strip()
            out.append((li.get("data-part", ""), text))
    return out


def nth_rationale(saved: list[tuple[str, str]], n: int) -> str:
    return saved[n][1] if n < len(saved) else ""


def part_id(saved: list[tuple[str, str]], n: int, fallback: str) -> str:
    """The part's id from our export when it is one of ours, else `fallback`."""
    wanted = saved[n][0] if n < len(saved) else ""
    return wanted if OPTION_ID_PATTERN.match(wanted) else fallback


def without_rationales(html_text: str) -> str:
    """General feedback without the part-rationale list (it went back into the parts)."""
    if RATIONALES_CLASS not in html_text:
        return html_text
    fragment = lxml_html.fragment_fromstring(html_text, create_parent="div")
    for ul in list(fragment.iter("ul")):
        if ul.get("class") == RATIONALES_CLASS:
            drop(ul)
    return (fragment.text or "") + "".join(lxml_html.tostring(c, encoding="unicode")
                                           for c in fragment)


def tag_type(node: Element) -> str:
    for tag in node.iterfind("tags/tag"):
        value = tag.findtext("text") or ""
        if value.startswith("type:"):
            return value[5:].strip()
    return ""


def match(node: Element, notes: list[str]) -> dict[str, Any]:
    """Sub-questions -> items matched to a shared pool (distractors: empty sub-questions)."""
    pairs, pool = [], []
    for subq in node.iterfind("subquestion"):
        text, answer = to_markdown(subq.findtext("text") or ""), plain(text_of(subq, "answer"))
        if answer and answer not in pool:
            pool.append(answer)
        if text:
            pairs.append((text, answer))
    check_count("items", len(pairs), 2, MAX_OPTIONS)
    check_count("answers", len(pool), 2, MAX_OPTIONS)
    ids = dict(zip(pool, letters(len(pool)), strict=True))
    saved = part_rationales(node)
    missing: list[int] = []
    parts = [{"id": part_id(saved, n - 1, f"i{n}"), "text": text, "key": ids[answer],
              "rationale": rationale(nth_rationale(saved, n - 1), missing)}
             for n, (text, answer) in enumerate(pairs, start=1)]
    if missing:
        notes.append("no per-item rationale in the source: placeholders were written")
    matrix = tag_type(node) == "matrix_multiple_choice"
    options = [{"id": i, "text": t} for t, i in ids.items()]
    if matrix and len(pool) <= 5:
        return {"type": "matrix_multiple_choice", "columns": options,
                "rows": parts}
    return {"type": "matching", "options": options, "items": parts}


def shortanswer(node: Element, notes: list[str]) -> dict[str, Any]:
    answers = _answers(node)
    accepted, feedback = [], ""
    for text, frac, why in answers:
        value = plain(text).replace("\\*", "*")
        if frac == 100 and value and value != "*":
            if "*" in value.replace("\\*", ""):
                notes.append(f"the answer '{value}' uses Moodle's * wildcard; taken literally")
            accepted.append(value.replace("\\*", "*"))
            feedback = feedback or why
        elif 0 < frac < 100:
            share = format(frac.normalize(), "f")
            notes.append(f"the partly right answer '{value}' ({share}%) is dropped")
    if not accepted:
        raise Unconvertible("has no fully right answer")
    case_sensitive = (node.findtext("usecase") or "0").strip() == "1"
    missing: list[int] = []
    return {"type": "short_text", "key": accepted if len(accepted) > 1 else accepted[0],
            "case_sensitive": case_sensitive, "rationale": rationale(feedback, missing)}


def numerical(node: Element, notes: list[str]) -> dict[str, Any]:
    right = [a for a in node.iterfind("answer") if _fraction(a) == 100
             and (a.findtext("text") or "").strip() != "*"]
    if not right:
        raise Unconvertible("has no fully right answer")
    if len(right) > 1:
        notes.append("only the first fully right answer is kept")
    answer = right[0]
    try:
        target = Decimal((answer.findtext("text") or "").strip())
        tolerance = Decimal((answer.findtext("tolerance") or "0").strip() or "0")
    except InvalidOperation:
        raise Unconvertible("has an answer or tolerance that is not a number") from None
    out: dict[str, Any] = {"type": "numeric", "key": format(target, "f"),
                           "tolerance": format(abs(tolerance).normalize(), "f"),
                           "rationale": rationale(to_markdown(html_of(answer, "feedback")), [])}
    for unit in node.iterfind("units/unit"):
        if (unit.findtext("multiplier") or "1").strip() in ("1", "1.0", "1.0000000000"):
            out["unit"] = (unit.findtext("unit_name") or "").strip()[:20]
            break
    if not out.get("unit"):
        out.pop("unit", None)
    return out


def ordering(node: Element, notes: list[str]) -> dict[str, Any]:
    answers = sorted(node.iterfind("answer"), key=_fraction)
    check_count("items", len(answers), 3, MAX_OPTIONS)
    ids = letters(len(answers))
    missing: list[int] = []
    options: list[dict[str, Any]] = [
        {"id": i, "text": to_markdown(a.findtext("text") or "") or "(picture)",
         "rationale": rationale(to_markdown(html_of(a, "feedback")), missing)}
        for i, a in zip(ids, answers, strict=True)]
    for option, answer in zip(options, answers, strict=True):
        if pictures := answer_images(answer, notes):
            option["images"] = pictures
    grading = (node.findtext("gradingtype") or "ABSOLUTE_POSITION").strip().upper()
    if grading not in ("ALL_OR_NOTHING", "ABSOLUTE_POSITION", "-1", "0", ""):
        notes.append(f"Moodle's '{grading}' grading becomes one point per item in its place")
    if (node.findtext("selecttype") or "ALL").strip().upper() not in ("ALL", "0", ""):
        notes.append("Moodle showed a subset of the items; every item is used here")
    if missing:
        notes.append("no per-item rationale in the source: placeholders were written")
    scoring = "all_or_nothing" if grading in ("ALL_OR_NOTHING", "-1") else "zero_one"
    return {"type": "ordered_response", "options": options, "key": ids, "scoring": scoring}

