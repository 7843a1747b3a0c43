"""Scoring parity with Canvas (Classic Quizzes): each item the report says scores the same
earns, under Canvas's grading of the exported item, the same share of its points as ours.

Canvas grades by question_type with the right answers of each response condition: a share
per part for matching and drop-downs, partial credit with a penalty for multiple answers
(right picks x 1/k minus wrong picks x 1/k, floored at 0), all or nothing otherwise."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from quizapp.content.loader import load_bank
from quizapp.content.model import Question
from quizapp.content.types import TYPES, grade
from quizapp.interop.canvas_writer import build_item
from quizapp.interop.mapping import item_fidelity
from quizapp.scoring.entry import typed_number
from quizapp.scoring.responses import InvalidResponse

from .responses import generate


def _keys(item: etree._Element) -> dict[str, set[str]]:
    """respident -> answer idents that earn marks (not inside a <not>)."""
    out: dict[str, set[str]] = {}
    for cond in item.iter("respcondition"):
        if any(float(s.text or 0) > 0 for s in cond.iter("setvar")):
            for eq in cond.iter("varequal"):
                if not any(a.tag == "not" for a in eq.iterancestors()):
                    out.setdefault(eq.get("respident"), set()).add(eq.text or "")
    return out


def canvas_share(item: etree._Element, chosen: dict[str, Any]) -> Decimal:
    """What Canvas gives for `chosen` (respident -> answer ident(s) or typed text)."""
    qtype = next(f.findtext("fieldentry") for f in item.iter("qtimetadatafield")
                 if f.findtext("fieldlabel") == "question_type")
    keys = _keys(item)
    if qtype in ("matching_question", "multiple_dropdowns_question"):
        parts = [lid.get("ident") for lid in item.iter("response_lid")]
        right = sum(1 for p in parts if chosen.get(p) in keys.get(p, set()))
        return Decimal(right) / len(parts)
    if qtype == "multiple_answers_question":
        correct, picked = keys["response1"], set(chosen.get("response1", []))
        k = len(correct)
        return max(Decimal(0), Decimal(len(picked & correct) - len(picked - correct)) / k)
    if qtype == "numerical_question":
        value = chosen.get("response1")
        cond = next(c for c in item.iter("respcondition"))
        low, high = Decimal(cond.findtext(".//vargte")), Decimal(cond.findtext(".//varlte"))
        return Decimal(1 if value is not None and low <= value <= high else 0)
    if qtype == "short_answer_question":
        text = (chosen.get("response1") or "").strip().lower()
        return Decimal(1 if text and text in {k.strip().lower() for k in keys["response1"]}
                       else 0)
    return Decimal(1 if chosen.get("response1") in keys.get("response1", set()) else 0)


def _canvas_response(q: Question, response: Any) -> dict[str, Any]:
    if response is None:
        return {}
    if q.type in ("single_choice", "true_false"):
        return {"response1": response[0]} if response else {}
    if q.type in ("select_all", "highlight"):
        return {"response1": response}
    if q.type in ("matching", "matrix_multiple_choice"):
        return {f"response_{pid}": ids[0] for pid, ids in response.items()}
    if q.type in ("drop_down_cloze", "drop_down_rationale"):
        return {f"response_{pid}": f"{pid}_{ids[0]}" for pid, ids in response.items()}
    if q.type == "ordered_response":
        return {f"response_{pos}": f"{pos}_{ids[0]}" for pos, ids in response.items()}
    if q.type == "numeric":
        return {"response1": typed_number(q, response[0]) if response else None}
    raise AssertionError(q.type)


def _questions() -> list[Question]:
    out = []
    for path in ("tests/data/ngn", "questions"):
        bank, _ = load_bank(path)
        for q in bank.questions():
            out += [replace(q, scoring=rule) for rule in TYPES[q.type].rules]
    return [q for q in out if item_fidelity(q, "canvas-qti").scoring_same]


QUESTIONS = _questions()


def test_the_types_canvas_scores_the_same_are_checked() -> None:
    assert {q.type for q in QUESTIONS} >= {"single_choice", "true_false", "select_all",
                                           "highlight", "matching", "matrix_multiple_choice",
                                           "drop_down_cloze", "ordered_response", "numeric"}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: f"{q.id}-{q.scoring}")
def test_canvas_grades_the_export_as_we_do(question: Question) -> None:
    item = etree.fromstring(etree.tostring(build_item(question)))
    checked = 0
    for response in generate(question):
        try:
            ours = grade(question, response)
        except InvalidResponse:
            continue
        theirs = canvas_share(item, _canvas_response(question, response))
        assert theirs == Decimal(ours.earned) / ours.possible, response
        checked += 1
    assert checked >= 2
