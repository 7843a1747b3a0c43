"""Build the read model of one question for the attempt page (answers shown, nothing revealed)
or the result page (`reveal`: key, rationales and points), for every item type."""

from __future__ import annotations

import html
import random
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ...content.model import Option, Question
from ...content.types.common import SLOT_PATTERN
from ...rendering import inline_markdown_to_html, markdown_to_html
from ...scoring import InvalidResponse, read_answer
from ...scoring.entry import typed_number
from .labels import blank_names
from .order import option_order
from .views import CaseView, ItemView, OptionView, PartView, Segment

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: markers no author can type
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
CHOICE_TYPES = ("single_choice", "true_false", "select_all", "select_n", "highlight")
TEXT_TYPES = ("numeric", "short_text")


@lru_cache(maxsize=1024)
def passage_segments(passage: str) -> tuple[Segment, ...]:
    """Split a Markdown passage with {{ slot }} markers into HTML pieces and slots."""
    slots: list[str] = []

    def mark(match: re.Match[str]) -> str:
        slots.append(match.group(1).strip())
        return f"{_OPEN}{len(slots) - 1}{_CLOSE}"

    text = SLOT_PATTERN.sub(mark, passage.replace(_OPEN, "").replace(_CLOSE, ""))
    pieces = _MARKER.split(markdown_to_html(text))
    if len(pieces) != 2 * len(slots) + 1:  # a slot inside a link address, say: show plain text
        pieces = _MARKER.split(html.escape(text))
    segments = [Segment(pieces[i], slots[int(pieces[i + 1])]) for i in range(0, len(pieces) - 1, 2)]
    return (*segments, Segment(pieces[-1]))


def _order(seed: int, q: Question, ids: list[str], scope: str) -> list[str]:
    if q.shuffle:
        random.Random(f"{seed}:{q.id}:{scope}").shuffle(ids)
    return ids


def _option(o: Option, chosen: bool, correct: bool, reveal: bool) -> OptionView:
    return OptionView(id=o.id, html=inline_markdown_to_html(o.text), chosen=chosen,
                      correct=reveal and correct,
                      rationale_html=inline_markdown_to_html(o.rationale)
                      if reveal and o.rationale else "")


def _choice(seed: int, q: Question, answer: list[str], reveal: bool) -> dict[str, Any]:
    options = tuple(_option(q.option(oid), oid in answer, oid in q.key, reveal)
                    for oid in option_order(seed, q))
    out: dict[str, Any] = {"options": options, "answered": bool(answer),
                           "picks": q.detail.picks if q.detail else 0}
    if q.type == "highlight" and q.detail:
        out["segments"] = passage_segments(q.detail.passage)
    return out


def _ordered(seed: int, q: Question, answer: dict[str, list[str]], reveal: bool) -> dict:
    order = option_order(seed, q)
    items = tuple(_option(q.option(oid), False, False, reveal) for oid in order)
    positions = []
    for i, key in enumerate(q.key, 1):
        chosen = answer.get(str(i), [])
        options = tuple(OptionView(id=oid, html=inline_markdown_to_html(q.option(oid).text),
                                   chosen=oid in chosen, correct=reveal and oid == key)
                        for oid in order)
        positions.append(PartView(id=str(i), label_html=f"Position {i}", options=options,
                                  correct=(chosen == [key]) if reveal else None))
    return {"options": items, "parts": tuple(positions), "answered": bool(answer)}


def _parts(seed: int, q: Question, answer: dict[str, list[str]], reveal: bool) -> dict:
    shared = [q.option(oid) for oid in option_order(seed, q)]
    names = blank_names(q.detail.passage) if q.detail and q.detail.passage else {}
    parts = []
    for n, part in enumerate(q.parts, 1):
        own = [part.option(oid) for oid in
               _order(seed, q, [o.id for o in part.options], part.id)] if part.options else []
        chosen = answer.get(part.id, [])
        options = tuple(_option(o, o.id in chosen, o.id in part.key, reveal)
                        for o in (own or shared))
        label = inline_markdown_to_html(part.text) if part.text else f"Drop-down {n}"
        parts.append(PartView(
            id=part.id, label_html=label, options=options, picks=part.picks,
            rationale_html=inline_markdown_to_html(part.rationale) if reveal else "",
            correct=(chosen == sorted(part.key)) if reveal else None,
            name=names.get(part.id, f"Drop-down {n} of {len(q.parts)}")))
    columns = tuple(_option(o, False, False, False) for o in shared)
    segments = passage_segments(q.detail.passage) if q.detail and q.detail.passage else ()
    return {"options": columns, "parts": tuple(parts), "segments": segments,
            "answered": bool(answer)}


def _accepted(q: Question) -> str:
    if q.type == "short_text":
        return "; ".join(q.key)
    target, detail = Decimal(q.key[0]), q.detail
    if detail is None or Decimal(detail.tolerance) == 0:
        return f"{target} {detail.unit if detail else ''}".strip()
    spread = Decimal(detail.tolerance)
    if detail.tolerance_kind == "percent":
        spread = abs(target) * spread / 100
    unit = f" {detail.unit}" if detail.unit else ""
    return f"{target}{unit} (anything from {target - spread} to {target + spread} accepted)"


def _typed(q: Question, answer: list[str], reveal: bool) -> dict[str, Any]:
    text = answer[0] if answer else ""
    detail = q.detail
    note = ""
    if q.type == "numeric" and text:
        value = typed_number(q, text)
        unit = f" {detail.unit}" if detail and detail.unit else ""
        note = ("This answer could not be read as a number." if value is None
                else f"Read as {value}{unit}.")
    return {"options": (), "answered": bool(text), "text": text, "text_note": note,
            "unit": detail.unit if detail else "",
            "key_html": html.escape(_accepted(q)) if reveal else "",
            "rationale_html": markdown_to_html(detail.rationale) if reveal and detail else ""}


def as_sent(q: Question, raw: Any) -> Any:
    """An answer the grader would not read (one tick too many, say), shown back as the student
    sent it so they can correct it: stray values dropped, no limit applied."""
    empty = read_answer(q, None)
    if isinstance(empty, dict) and isinstance(raw, dict):
        return {str(k): [v for v in vals if isinstance(v, str)]
                for k, vals in raw.items() if isinstance(vals, list)}
    if isinstance(empty, list) and isinstance(raw, list):
        return [v for v in raw if isinstance(v, str)]
    return empty


def item_view(number: int, seed: int, q: Question, answer: Any, reveal: bool,
              score: tuple[int | None, int] | None, previous_case: str | None) -> ItemView:
    """One question as the student sees it, with their answer (and, revealed, the key)."""
    try:
        answer = read_answer(q, answer)
    except InvalidResponse:  # a refused answer shown back (a stored one always reads)
        answer = as_sent(q, answer)
    if q.type in CHOICE_TYPES:
        fields = _choice(seed, q, answer, reveal)
    elif q.type == "ordered_response":
        fields = _ordered(seed, q, answer, reveal)
    elif q.type in TEXT_TYPES:
        fields = _typed(q, answer, reveal)
    else:
        fields = _parts(seed, q, answer, reveal)
    case = None
    if q.case is not None:
        case = CaseView(q.case.id, q.case.title, markdown_to_html(q.case.scenario),
                        repeat=previous_case == q.case.id)
    return ItemView(
        question_id=q.id, number=number, type=q.type, stem_html=markdown_to_html(q.stem),
        multiple=q.type in ("select_all", "select_n", "highlight"),
        earned=score[0] if score else None, possible=score[1] if score else None,
        source=q.source if reveal else None,
        general_feedback_html=markdown_to_html(q.general_feedback)
        if reveal and q.general_feedback else "", case=case, **fields)
