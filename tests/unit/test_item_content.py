"""The content model of the item types: snapshots, hashes, registries, case studies."""

from __future__ import annotations

import pytest

from quizapp.content import load_bank
from quizapp.content.model import QUESTION_TYPES, SCORING_RULES, Question
from quizapp.content.questions import _PARSERS
from quizapp.scoring import rules
from quizapp.scoring.grade import KINDS
from tests.conftest import DEMO_BANK
from tests.unit.itemtools import ngn_questions


def test_existing_question_hash_is_pinned():
    # Every imported question is versioned by this hash: if it moves, every question in every
    # school's bank becomes a new version. Change the model only in ways that keep it.
    # (A frozen copy of the demo bank, so the demo itself may be edited.)
    bank, problems = load_bank(DEMO_BANK.parent / "pinned-bank")
    assert not problems
    by_id = {q.id: q for q in bank.questions()}
    assert by_id["basics-count"].content_hash() == (
        "935db02eb466f82b05be515ff4c1a88f39da6edefb79dace5a7eebd7cdf389bd")
    assert by_id["more-strict"].content_hash() == (
        "736ee3b92522b5d3b77503ed74929fee24787afceadb77d8264fa918badcb332")


def test_classic_snapshot_has_no_new_keys():
    bank, _ = load_bank(DEMO_BANK)
    for question in bank.questions():
        snapshot = question.to_snapshot()
        assert "detail" not in snapshot and "case" not in snapshot
        assert Question.from_snapshot(snapshot) == question


@pytest.mark.parametrize("question", ngn_questions().values(), ids=lambda q: q.id)
def test_snapshot_round_trip_keeps_everything(question):
    again = Question.from_snapshot(question.to_snapshot())
    assert again == question
    assert again.content_hash() == question.content_hash()
    assert again.case == question.case and again.detail == question.detail


def test_test_bank_covers_every_type():
    assert {q.type for q in ngn_questions().values()} == set(QUESTION_TYPES)


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_every_type_has_parser_grader_and_the_nclex_default_rule(qtype):
    assert qtype in _PARSERS and qtype in KINDS
    assert SCORING_RULES[qtype][0] == rules.default_rule(qtype)
    assert set(SCORING_RULES[qtype]) <= set(rules.RULE_NAMES)


def test_case_items_share_one_scenario_in_their_snapshots():
    questions = ngn_questions()
    one, two = questions["w-case-one"], questions["w-case-two"]
    assert one.case == two.case and one.case.id == "mr-b"
    assert "prednisone" in one.to_snapshot()["case"]["scenario"]
    assert questions["w-numeric"].case is None


def test_editing_a_scenario_changes_only_its_items(tmp_path):
    import shutil

    shutil.copytree(DEMO_BANK.parent / "ngn", tmp_path / "ngn")
    lesson = tmp_path / "ngn" / "ward" / "01-ward.yaml"
    lesson.write_text(lesson.read_text().replace("two days ago", "three days ago"))
    before = ngn_questions()
    bank, problems = load_bank(tmp_path / "ngn")
    assert not problems
    changed = {q.id for q in bank.questions()
               if q.content_hash() != before[q.id].content_hash()}
    assert changed == {"w-case-one", "w-case-two"}
