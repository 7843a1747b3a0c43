"""Moodle's passages with gaps: embedded answers (cloze, `multianswer`), whose parts are
{weight:TYPE:answers} in the text, and select-missing-words (`gapselect`), whose [[n]] gaps
choose among the options of a group.

Drop-down parts (MULTICHOICE and its variants) become a drop-down cloze; text and number
parts and multi-response parts have no place in our drop-down cloze, so such items are
refused with that reason."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from .drafts import MAX_OPTIONS, NO_RATIONALE, Unconvertible, check_count, letters, rationale
from .moodle_items import html_of, nth_rationale, part_id, part_rationales, tag_type
from .moodle_xml import PASSAGE_CLASS
from .texts import plain, to_markdown

Element = etree._Element

GAP = re.compile(r"\[\[(\d+)\]\]")
PART = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^}])*)\}")
CHOICE_KINDS = {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH",
                "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS"}


def _split(text: str, sep: str) -> list[str]:
    """Split on `sep` where it is not escaped with a backslash."""
    return re.split(r"(?<!\\)" + re.escape(sep), text)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _choices(body: str) -> list[tuple[str, Decimal, str]]:
    out = []
    for raw in _split(body, "~"):
        answer, _, feedback = raw.partition("#") if "\\#" not in raw else (raw, "", "")
        frac = Decimal(0)
        if answer.startswith("="):
            frac, answer = Decimal(100), answer[1:]
        elif answer.startswith("%"):
            value, _, answer = answer[1:].partition("%")
            try:
                frac = Decimal(value)
            except InvalidOperation:
                raise Unconvertible(f"has a cloze fraction '{value[:10]}' that is not a "
                                    "number") from None
        out.append((plain(_unescape(answer)), frac, plain(_unescape(feedback))))
    return out


def multianswer(node: etree._Element, notes: list[str]) -> dict[str, Any]:
    """A cloze whose parts are all drop-downs -> drop_down_cloze (1-6 blanks)."""
    html_text = html_of(node, "questiontext")
    parts = PART.findall(html_text)
    check_count("embedded answers", len(parts), 1, 6)
    blanks = []
    for number, (weight, kind, body) in enumerate(parts, start=1):
        if kind.upper() not in CHOICE_KINDS:
            raise Unconvertible(f"has a {kind.upper()} part; only drop-down (MULTICHOICE) "
                                "parts fit our drop-down cloze")
        if weight not in ("", "1"):
            notes.append(f"blank {number} weighed {weight} in Moodle; every blank is worth 1 "
                         "point here")
        choices = _choices(body)
        check_count("options in a blank", len(choices), 2, MAX_OPTIONS)
        best = max(f for _, f, _ in choices)
        if best <= 0:
            raise Unconvertible(f"blank {number} has no right option")
        if any(0 < f < best for _, f, _ in choices):
            notes.append(f"blank {number}: partly right options score nothing here")
        ids = letters(len(choices))
        key = ids[[f for _, f, _ in choices].index(best)]
        why = next((fb for _, f, fb in choices if f == best and fb), "")
        blanks.append({"id": f"b{number}", "options": [{"id": i, "text": t or "(empty)"}
                                                         for i, (t, _, _) in zip(ids, choices,
                                                                                 strict=True)],
                       "key": key, "rationale": why or NO_RATIONALE})
    counter = iter(range(1, len(parts) + 1))
    marked = PART.sub(lambda _: f"[[{next(counter)}]]", html_text)
    stem, passage = stem_passage(marked, re.compile(r"\[\[\d+\]\]"))
    passage = re.sub(r"\[\[(\d+)\]\]", lambda m: f"{{{{ b{m.group(1)} }}}}", passage)
    if any(b["rationale"] == NO_RATIONALE for b in blanks):
        notes.append("no per-blank rationale in the source: placeholders were written")
    return {"type": "drop_down_cloze", "stem": stem, "passage": passage, "blanks": blanks}


def gapselect(node: Element, notes: list[str]) -> dict[str, Any]:
    """[[n]] gaps choosing among the options of their group -> drop_down_cloze."""
    choices = [(plain(o.findtext("text") or ""), (o.findtext("group") or "1").strip())
               for o in node.iterfind("selectoption")]
    stem, passage = stem_passage(html_of(node, "questiontext"), GAP)
    gaps = [int(n) for n in GAP.findall(passage)]
    check_count("gaps", len(gaps), 1, 6)
    if any(not 1 <= n <= len(choices) for n in gaps):
        raise Unconvertible("has a gap that names no option")
    saved = part_rationales(node)
    blanks: list[dict[str, Any]] = []
    missing: list[int] = []
    for number, n in enumerate(gaps, start=1):
        group = choices[n - 1][1]
        pool = [t for t, g in choices if g == group]
        check_count("options in a gap", len(pool), 2, MAX_OPTIONS)
        ids = letters(len(pool))
        bid = part_id(saved, number - 1, f"b{number}")
        blanks.append({"id": bid, "options": [{"id": i, "text": t} for i, t in zip(ids, pool,
                                                                                     strict=True)],
                       "key": ids[pool.index(choices[n - 1][0])],
                       "rationale": rationale(nth_rationale(saved, number - 1), missing)})
    names = iter([b["id"] for b in blanks])
    text = GAP.sub(lambda _: f"{{{{ {next(names)} }}}}", passage)
    if missing:
        notes.append("no per-blank rationale in the source: placeholders were written")
    dyad = tag_type(node) == "drop_down_rationale" and len(blanks) == 2
    return {"type": "drop_down_rationale" if dyad else "drop_down_cloze", "stem": stem,
            "passage": text, "blanks": blanks}


def stem_passage(html_text: str, gap: re.Pattern[str]) -> tuple[str, str]:
    """Our export marks the passage; otherwise the first block without a gap is the stem."""
    fragment = lxml_html.fragment_fromstring(html_text or "<p></p>", create_parent="div")
    blocks = list(fragment)
    marked = [b for b in blocks if b.get("class") == PASSAGE_CLASS]
    if marked:
        stem = "".join(lxml_html.tostring(b, encoding="unicode") for b in blocks
                       if b is not marked[0])
        return to_markdown(stem), to_markdown(lxml_html.tostring(marked[0], encoding="unicode"))
    if len(blocks) > 1 and not gap.search(blocks[0].text_content()):
        rest = "".join(lxml_html.tostring(b, encoding="unicode") for b in blocks[1:])
        return to_markdown(lxml_html.tostring(blocks[0], encoding="unicode")), to_markdown(rest)
    return "Choose an option for each blank.", to_markdown(html_text)
