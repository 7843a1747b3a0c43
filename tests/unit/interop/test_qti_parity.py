"""Scoring parity: every item exported to QTI as exact scores, under its own response
processing (run by tests/unit/interop/qti_engine.py), what our grader gives it."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import pytest

from quizapp.content.loader import load_bank
from quizapp.content.model import Question
from quizapp.content.types import TYPES, grade
from quizapp.interop.export import export_module
from quizapp.interop.mapping import item_fidelity
from quizapp.interop.qti_items import build_item
from quizapp.scoring.responses import InvalidResponse

from .qti_engine import Item
from .responses import generate, to_qti

FIXTURES = ["tests/data/ngn", "questions"]


def _questions() -> list[Question]:
    out = []
    for path in FIXTURES:
        bank, _ = load_bank(path)
        for q in bank.questions():
            out.extend(replace(q, scoring=rule) for rule in TYPES[q.type].rules)
    return out


QUESTIONS = _questions()


def test_every_type_and_rule_is_covered() -> None:
    covered = {(q.type, q.scoring) for q in QUESTIONS}
    wanted = {(t, r) for t, spec in TYPES.items() for rules in [spec.rules] for r in rules}
    assert wanted <= covered


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: f"{q.id}-{q.scoring}")
def test_qti_response_processing_scores_as_we_do(question: Question) -> None:
    if not item_fidelity(question, "qti21").scoring_same:
        pytest.skip("the report says this item scores differently in QTI")
    from lxml import etree

    item = Item(etree.tostring(build_item(question)))
    checked = 0
    for response in generate(question):
        try:
            ours = grade(question, response)
        except InvalidResponse:
            continue
        assert item.score(to_qti(question, response)) == Decimal(ours.earned), response
        checked += 1
    assert checked >= 2


def test_maxscore_is_our_points_possible() -> None:
    bank, _ = load_bank("tests/data/ngn")
    data = export_module(bank.modules[0], "qti21").data
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for q in bank.questions():
            xml = archive.read(f"items/{q.id}.xml")
            assert Item(xml).outcome_defaults["MAXSCORE"] == grade(q, None).possible
