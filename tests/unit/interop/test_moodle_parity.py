"""Scoring parity with Moodle: each item exported to Moodle XML with the same scoring earns,
under Moodle's grading of the exported XML, the same share of its mark as ours."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from quizapp.content.loader import load_bank
from quizapp.content.model import Question
from quizapp.content.types import TYPES, grade
from quizapp.interop.mapping import item_fidelity
from quizapp.interop.moodle_writer import WRITERS
from quizapp.scoring.entry import typed_number
from quizapp.scoring.responses import InvalidResponse

from .moodle_engine import fraction
from .responses import generate


def _questions() -> list[Question]:
    out = []
    for path in ("tests/data/ngn", "questions"):
        bank, _ = load_bank(path)
        for q in bank.questions():
            out += [replace(q, scoring=rule) for rule in TYPES[q.type].rules]
    return [q for q in out if item_fidelity(q, "moodle").scoring_same]


def _moodle_response(q: Question, xml: etree._Element, response: Any) -> dict[str, Any]:
    """Our stored response as what the learner would choose in Moodle."""
    if response is None:
        return {}
    ids = [o.id for o in q.options]
    if q.type in ("single_choice", "true_false", "select_all", "highlight"):
        return {"choices": [ids.index(i) for i in response]}
    if q.type == "ordered_response":
        by_id = {k: n for n, k in enumerate(q.key)}  # Moodle's answers are in key order
        return {"order": [by_id[response[str(i)][0]] for i in range(1, len(q.key) + 1)
                          if str(i) in response]}
    if q.type in ("matching", "matrix_multiple_choice"):
        names = {o.id: o.text for o in q.options}
        return {"subs": {n: names[response[p.id][0]] for n, p in enumerate(q.parts)
                         if p.id in response}}
    if q.type in ("drop_down_cloze", "drop_down_rationale"):
        gaps, offset = {}, 0
        for n, p in enumerate(q.parts):
            if p.id in response:
                gaps[n] = offset + [o.id for o in p.options].index(response[p.id][0]) + 1
            offset += len(p.options)
        return {"gaps": gaps}
    if q.type == "numeric":
        return {"number": typed_number(q, response[0]) if response else None}
    raise AssertionError(q.type)


QUESTIONS = _questions()


def test_the_exact_types_are_all_checked() -> None:
    assert {q.type for q in QUESTIONS} >= {"single_choice", "true_false", "select_all",
                                           "highlight", "ordered_response", "matching",
                                           "matrix_multiple_choice", "drop_down_cloze",
                                           "drop_down_rationale", "numeric"}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: f"{q.id}-{q.scoring}")
def test_moodle_grades_the_export_as_we_do(question: Question) -> None:
    node = WRITERS[question.type](question)
    assert node is not None
    xml = etree.fromstring(etree.tostring(node))
    checked = 0
    for response in generate(question):
        try:
            ours = grade(question, response)
        except InvalidResponse:
            continue
        theirs = fraction(xml, _moodle_response(question, xml, response))
        assert abs(theirs - Decimal(ours.earned) / ours.possible) < Decimal("0.000001"), response
        assert Decimal(xml.findtext("defaultgrade")) == ours.possible
        checked += 1
    assert checked >= 2
