"""Build the read model of one question for the attempt page (answers shown, nothing revealed)
or the result page (`reveal`: key, rationales and points), for every item type: one builder
per widget (the type registry names each type's widget)."""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ...content.model import Option, Question
from ...content.slots import MARKER, mark_slots, misplaced_slots, render_with_markers
from ...content.types import question_type, read_answer
from ...rendering import inline_markdown_to_html, markdown_to_html
from ...scoring import InvalidResponse
from ...scoring.entry import typed_number
from .case_views import case_view, image_views, same_showing
from .labels import blank_names
from .order import ordered_options, pick
from .views import CaseView, ItemView, OptionView, PartView, Segment


@lru_cache(maxsize=1024)
def passage_segments(passage: str) -> tuple[Segment, ...]:
    """Split a Markdown passage with {{ slot }} markers into HTML pieces and slots."""
    if misplaced_slots(passage):  # stored before validation refused it: show plain text
        slots, marked = mark_slots(passage)
        pieces = MARKER.split(html.escape(marked))
    else:
        rendered, slots = render_with_markers(passage)
        pieces = MARKER.split(rendered)
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
                      if reveal and o.rationale else "", images=image_views(o.images))


def _choice(seed: int, q: Question, answer: list[str], reveal: bool) -> dict[str, Any]:
    options = tuple(_option(o, o.id in answer, o.id in q.key, reveal)
                    for o in ordered_options(seed, q))
    out: dict[str, Any] = {"options": options, "answered": bool(answer),
                           "picks": q.detail.picks if q.detail else 0}
    if q.detail and q.detail.passage:  # highlight: the phrases sit in a passage
        out["segments"] = passage_segments(q.detail.passage)
    return out


def _ordered(seed: int, q: Question, answer: dict[str, list[str]],
             reveal: bool) -> dict[str, Any]:
    order = ordered_options(seed, q)
    items = tuple(_option(o, False, False, reveal) for o in order)
    positions = []
    for i, key in enumerate(q.key, 1):
        chosen = answer.get(str(i), [])
        options = tuple(OptionView(id=o.id, html=inline_markdown_to_html(o.text),
                                   chosen=o.id in chosen, correct=reveal and o.id == key)
                        for o in order)
        positions.append(PartView(id=str(i), label_html=f"Position {i}", options=options,
                                  correct=(chosen == [key]) if reveal else None))
    return {"options": items, "parts": tuple(positions), "answered": bool(answer)}


def _parts(seed: int, q: Question, answer: dict[str, list[str]],
           reveal: bool) -> dict[str, Any]:
    shared = ordered_options(seed, q)
    names = blank_names(q.detail.passage) if q.detail and q.detail.passage else {}
    parts = []
    for n, part in enumerate(q.parts, 1):
        own = pick(part.options, _order(seed, q, [o.id for o in part.options], part.id))
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


def _accepted_number(q: Question) -> str:
    target, detail = Decimal(q.key[0]), q.detail
    if detail is None or Decimal(detail.tolerance) == 0:
        return f"{target} {detail.unit if detail else ''}".strip()
    spread = Decimal(detail.tolerance)
    if detail.tolerance_kind == "percent":
        spread = abs(target) * spread / 100
    unit = f" {detail.unit}" if detail.unit else ""
    return f"{target}{unit} (anything from {target - spread} to {target + spread} accepted)"


def _typed(q: Question, answer: list[str], reveal: bool, accepted: str,
           note: str = "") -> dict[str, Any]:
    text = answer[0] if answer else ""
    detail = q.detail
    return {"options": (), "answered": bool(text), "text": text, "text_note": note,
            "unit": detail.unit if detail else "",
            "key_html": html.escape(accepted) if reveal else "",
            "rationale_html": markdown_to_html(detail.rationale) if reveal and detail else ""}


def _numeric(seed: int, q: Question, answer: list[str], reveal: bool) -> dict[str, Any]:
    note = ""
    if answer:
        value = typed_number(q, answer[0])
        unit = f" {q.detail.unit}" if q.detail and q.detail.unit else ""
        note = ("This answer could not be read as a number." if value is None
                else f"Read as {value}{unit}.")
    return _typed(q, answer, reveal, _accepted_number(q), note)


def _text(seed: int, q: Question, answer: list[str], reveal: bool) -> dict[str, Any]:
    return _typed(q, answer, reveal, "; ".join(q.key))


Builder = Callable[[int, Question, Any, bool], dict[str, Any]]
# The view of each widget (templates/learner/widgets/<widget>.html renders it).
BUILDERS: dict[str, Builder] = {
    "choices": _choice, "highlight": _choice, "ordered": _ordered, "matching": _parts,
    "cloze": _parts, "matrix": _parts, "bow_tie": _parts, "numeric": _numeric, "text": _text,
}


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
              score: tuple[int | None, int] | None, previous_case: CaseView | None) -> ItemView:
    """One question as the student sees it, with their answer (and, revealed, the key)."""
    try:
        answer = read_answer(q, answer)
    except InvalidResponse:  # a refused answer shown back (a stored one always reads)
        answer = as_sent(q, answer)
    spec = question_type(q.type)
    fields = BUILDERS[spec.widget](seed, q, answer, reveal)
    case = case_view(q.case, same_showing(previous_case, q.case)) if q.case else None
    return ItemView(
        question_id=q.id, number=number, type=q.type, stem_html=markdown_to_html(q.stem),
        widget=spec.widget, multiple=spec.multiple,
        instruction=spec.instruction.format(n=q.detail.picks if q.detail else 0),
        earned=score[0] if score else None, possible=score[1] if score else None,
        source=q.source if reveal else None,
        general_feedback_html=markdown_to_html(q.general_feedback)
        if reveal and q.general_feedback else "", case=case, images=image_views(q.images),
        **fields)
