"""The type registry is complete: every question type has each of its parts (parser, YAML
keys, rules with the NCLEX default first, grader, widget template, view builder and option
table for the item statistics, label, the export slot), and the authoring guide's table of
rules agrees with it."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from quizapp.content.types import TYPES, QuestionType, default_rule, grade, key_answer
from quizapp.scoring import Kind
from quizapp.scoring.rules import RULE_NAMES
from quizapp.services.questions.build import BUILDERS
from quizapp.services.reports.option_counts import TABLES
from tests.helpers.items import ngn_questions

ROOT = Path(__file__).parent.parent.parent
WIDGETS = ROOT / "quizapp" / "templates" / "learner" / "widgets"
GUIDE = ROOT / "docs" / "authoring.md"
NCLEX_DEFAULTS = {"select_all": "plus_minus", "highlight": "plus_minus",
                  "matrix_multiple_response": "plus_minus", "drop_down_rationale": "dyad",
                  "ordered_response": "all_or_nothing"}  # every other type: zero_one


@pytest.mark.parametrize("name", TYPES)
def test_every_type_has_every_part(name):
    spec = TYPES[name]
    assert spec.label and callable(spec.parse) and isinstance(spec.grader, Kind)
    assert spec.keys and set(spec.keys).isdisjoint(spec.optional)
    assert spec.rules and set(spec.rules) <= set(RULE_NAMES)
    assert default_rule(name) == spec.rules[0] == NCLEX_DEFAULTS.get(name, "zero_one")
    assert spec.example in ("", "ids", "bool", "text")
    assert "export" in {f.name for f in fields(QuestionType)}  # the slot exports will fill
    template = WIDGETS / f"{spec.widget}.html"
    assert template.is_file(), f"{name}: no widget template {template.name}"
    text = template.read_text()
    assert "{% macro answer(item) %}" in text and "{% macro review(item) %}" in text
    assert spec.widget in BUILDERS, f"{name}: no view builder for widget {spec.widget}"
    assert spec.widget in TABLES, f"{name}: no option table for widget {spec.widget}"
    spec.instruction.format(n=2)  # only {n} may be filled in


@pytest.mark.parametrize("question", ngn_questions().values(), ids=lambda q: q.id)
def test_every_grader_gives_its_own_key_full_marks(question):
    score = grade(question, key_answer(question))
    assert score.possible > 0 and score.earned == score.possible


def test_every_widget_template_belongs_to_a_type():
    used = {spec.widget for spec in TYPES.values()}
    assert {p.stem for p in WIDGETS.glob("*.html")} == used == set(BUILDERS) == set(TABLES)


def test_the_authoring_guide_lists_every_type_with_its_rules():
    table = GUIDE.read_text().split("| Type | Rules (default first) | Points possible |")[1]
    rows = re.findall(r"^\| (`.+?`) \| (.+?) \|", table.split("\n\n")[0], re.M)
    listed = {}
    for types, rules in rows:
        for name in re.findall(r"`(\w+)`", types):
            listed[name] = tuple(re.findall(r"`(\w+)`", rules))
    assert listed == {name: spec.rules for name, spec in TYPES.items()}
