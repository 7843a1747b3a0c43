"""Graders per item type, from YAML to a Score: worked examples and each scoring rule."""

from __future__ import annotations

import pytest

from quizapp.content.types import grade, key_answer, max_score, read_answer
from quizapp.scoring import InvalidResponse
from quizapp.scoring.score import Score
from tests.helpers.items import item

SIX_THREE = """
id: sata
type: select_all
stem: Which apply?
options:
  - {id: a, text: A, rationale: r}
  - {id: b, text: B, rationale: r}
  - {id: c, text: C, rationale: r}
  - {id: d, text: D, rationale: r}
  - {id: e, text: E, rationale: r}
  - {id: f, text: F, rationale: r}
key: [a, b, c]
"""

MATRIX_MR = """
id: mmr
type: matrix_multiple_response
stem: For each finding, mark the condition(s) it supports.
columns:
  - {id: pneumonia, text: Pneumonia}
  - {id: hf, text: Heart failure}
rows:
  - {id: fever, text: Fever, key: [pneumonia], rationale: r}
  - {id: sputum, text: Sputum, key: [pneumonia], rationale: r}
  - {id: oedema, text: Oedema, key: [hf], rationale: r}
  - {id: crackles, text: Crackles, key: [pneumonia, hf], rationale: r}
  - {id: rash, text: Rash, key: [], rationale: r}
"""

SELECT_N = """
id: sn
type: select_n
select: 2
stem: Which two?
options:
  - {id: a, text: A, rationale: r}
  - {id: b, text: B, rationale: r}
  - {id: c, text: C, rationale: r}
  - {id: d, text: D, rationale: r}
key: [a, b]
"""

ORDERED = """
id: ord
type: ordered_response
stem: Order them.
options:
  - {id: a, text: A, rationale: r}
  - {id: b, text: B, rationale: r}
  - {id: c, text: C, rationale: r}
  - {id: d, text: D, rationale: r}
key: [a, b, c, d]
"""

MATCHING = """
id: match
type: matching
stem: Match.
options:
  - {id: x, text: X}
  - {id: y, text: Y}
  - {id: z, text: Z}
items:
  - {id: one, text: One, key: x, rationale: r}
  - {id: two, text: Two, key: y, rationale: r}
  - {id: three, text: Three, key: x, rationale: r}
"""

MATRIX_MC = """
id: mmc
type: matrix_multiple_choice
stem: Indicated or not?
columns:
  - {id: yes-col, text: Indicated}
  - {id: no-col, text: Not indicated}
rows:
  - {id: r1, text: One, key: yes-col, rationale: r}
  - {id: r2, text: Two, key: no-col, rationale: r}
  - {id: r3, text: Three, key: yes-col, rationale: r}
  - {id: r4, text: Four, key: no-col, rationale: r}
"""

CLOZE = """
id: cloze
type: drop_down_cloze
stem: Complete.
passage: "A {{ one }} then {{ two }} and {{ three }}."
blanks:
  - {id: one, key: a, rationale: r, options: [{id: a, text: A}, {id: b, text: B}]}
  - {id: two, key: b, rationale: r, options: [{id: a, text: A}, {id: b, text: B}]}
  - {id: three, key: a, rationale: r, options: [{id: a, text: A}, {id: b, text: B}]}
"""

DYAD = """
id: dyad
type: drop_down_rationale
stem: Complete.
passage: "The nurse should {{ act }} because {{ why }}."
blanks:
  - {id: act, key: a, rationale: r, options: [{id: a, text: A}, {id: b, text: B}]}
  - {id: why, key: b, rationale: r, options: [{id: a, text: A}, {id: b, text: B}]}
"""

HIGHLIGHT = """
id: hl
type: highlight
stem: Highlight.
passage: "{{ p1 }}, {{ p2 }}, {{ p3 }} and {{ p4 }}."
phrases:
  - {id: p1, text: one, rationale: r}
  - {id: p2, text: two, rationale: r}
  - {id: p3, text: three, rationale: r}
  - {id: p4, text: four, rationale: r}
key: [p1, p2]
"""

BOW_TIE = """
id: bt
type: bow_tie
stem: Complete the diagram.
condition:
  options: [{id: c1, text: C1, rationale: r}, {id: c2, text: C2, rationale: r}]
  key: c1
actions:
  options: [{id: a1, text: A1, rationale: r}, {id: a2, text: A2, rationale: r},
            {id: a3, text: A3, rationale: r}]
  key: [a1, a2]
parameters:
  options: [{id: p1, text: P1, rationale: r}, {id: p2, text: P2, rationale: r},
            {id: p3, text: P3, rationale: r}]
  key: [p1, p2]
"""

NUMERIC = """
id: num
type: numeric
stem: How many mL?
key: 2.5
tolerance: {tolerance}
unit: mL
rationale: r
"""

SHORT = """
id: st
type: short_text
stem: Name it.
key: [Furosemide, Lasix]
rationale: r
"""


def with_rule(text: str, rule: str) -> str:
    return text + f"scoring: {rule}\n"


def test_select_all_worked_example_three_right_one_wrong_scores_two():
    question = item(SIX_THREE)
    assert question.scoring == "plus_minus"
    assert grade(question, ["a", "b", "c", "d"]) == Score(2, 3)
    assert grade(question, ["d", "e", "f"]) == Score(0, 3)


def test_select_all_all_or_nothing():
    question = item(with_rule(SIX_THREE, "all_or_nothing"))
    assert grade(question, ["a", "b", "c"]) == Score(1, 1)
    assert grade(question, ["a", "b", "c", "d"]) == Score(0, 1)


@pytest.mark.parametrize(("answer", "expected"), [
    # Pneumonia column: keys fever, sputum, crackles; heart failure column: oedema, crackles.
    ({"fever": ["pneumonia"], "sputum": ["pneumonia"], "crackles": ["pneumonia", "hf"],
      "oedema": ["hf"]}, Score(5, 5)),
    # Pneumonia: 3 right = 3. Heart failure: 0 right, 2 wrong = -2, floored at 0 -> 3, not 1.
    ({"fever": ["pneumonia", "hf"], "sputum": ["pneumonia", "hf"],
      "crackles": ["pneumonia"]}, Score(3, 5)),
    # Pneumonia: 1 right, 1 wrong (oedema) = 0. Heart failure: 2 right = 2.
    ({"fever": ["pneumonia"], "oedema": ["pneumonia", "hf"], "crackles": ["hf"]}, Score(2, 5)),
    ({"rash": ["pneumonia", "hf"]}, Score(0, 5)),
    ({}, Score(0, 5)),
])
def test_matrix_multiple_response_floors_each_column(answer, expected):
    assert grade(item(MATRIX_MR), answer) == expected


def test_matrix_multiple_response_all_or_nothing():
    question = item(with_rule(MATRIX_MR, "all_or_nothing"))
    assert grade(question, key_answer(question)) == Score(1, 1)
    assert grade(question, {**key_answer(question), "rash": ["hf"]}) == Score(0, 1)


@pytest.mark.parametrize(("text", "answer", "expected"), [
    (SELECT_N, ["a", "b"], Score(2, 2)),
    (SELECT_N, ["a", "c"], Score(1, 2)),
    (SELECT_N, ["c", "d"], Score(0, 2)),
    (SELECT_N, ["b"], Score(1, 2)),
    (with_rule(SELECT_N, "all_or_nothing"), ["a", "b"], Score(1, 1)),
    (with_rule(SELECT_N, "all_or_nothing"), ["a"], Score(0, 1)),
    (ORDERED, {"1": ["a"], "2": ["b"], "3": ["c"], "4": ["d"]}, Score(1, 1)),
    (ORDERED, {"1": ["a"], "2": ["b"], "3": ["d"], "4": ["c"]}, Score(0, 1)),
    (with_rule(ORDERED, "zero_one"), {"1": ["a"], "2": ["b"], "3": ["d"], "4": ["c"]},
     Score(2, 4)),
    (with_rule(ORDERED, "zero_one"), {"2": ["b"], "4": ["d"]}, Score(2, 4)),
    (with_rule(ORDERED, "zero_one"), {"1": ["a"], "2": ["a"]}, Score(1, 4)),
    (MATCHING, {"one": ["x"], "two": ["y"], "three": ["x"]}, Score(3, 3)),
    (MATCHING, {"one": ["x"], "two": ["x"], "three": ["z"]}, Score(1, 3)),
    (with_rule(MATCHING, "all_or_nothing"), {"one": ["x"], "two": ["y"]}, Score(0, 1)),
    (MATRIX_MC, {"r1": ["yes-col"], "r2": ["yes-col"], "r3": ["yes-col"]}, Score(2, 4)),
    (MATRIX_MC, {"r1": ["no-col"], "r2": ["yes-col"], "r3": ["no-col"], "r4": ["yes-col"]},
     Score(0, 4)),
    (CLOZE, {"one": ["a"], "two": ["a"], "three": ["a"]}, Score(2, 3)),
    (with_rule(CLOZE, "all_or_nothing"), {"one": ["a"], "two": ["b"], "three": ["a"]},
     Score(1, 1)),
    (DYAD, {"act": ["a"], "why": ["b"]}, Score(1, 1)),
    (DYAD, {"act": ["a"], "why": ["a"]}, Score(0, 1)),
    (DYAD, {"act": ["b"], "why": ["b"]}, Score(0, 1)),
    (with_rule(DYAD, "zero_one"), {"act": ["a"], "why": ["a"]}, Score(1, 2)),
    (HIGHLIGHT, ["p1", "p2"], Score(2, 2)),
    (HIGHLIGHT, ["p1", "p2", "p3"], Score(1, 2)),
    (HIGHLIGHT, ["p1", "p3", "p4"], Score(0, 2)),
    (with_rule(HIGHLIGHT, "all_or_nothing"), ["p1"], Score(0, 1)),
    (BOW_TIE, {"condition": ["c1"], "actions": ["a1", "a3"], "parameters": ["p1", "p2"]},
     Score(4, 5)),
    (BOW_TIE, {"condition": ["c2"], "actions": ["a3"], "parameters": ["p2"]}, Score(1, 5)),
    (BOW_TIE, {"actions": ["a1", "a2"]}, Score(2, 5)),
    (with_rule(BOW_TIE, "all_or_nothing"),
     {"condition": ["c1"], "actions": ["a1", "a2"], "parameters": ["p1", "p3"]}, Score(0, 1)),
    (SHORT, [" lasix. "], Score(1, 1)),
    (SHORT, ["FUROSEMIDE"], Score(1, 1)),
    (SHORT, ["furosemid"], Score(0, 1)),
    (SHORT, [], Score(0, 1)),
])
def test_grader_examples(text, answer, expected):
    assert grade(item(text), answer) == expected


@pytest.mark.parametrize(("tolerance", "typed", "earned"), [
    ("0", "2.5", 1),
    ("0", "2,5", 1),  # a decimal comma
    ("0", "2.5 mL", 1),  # the question's own unit typed after the number
    ("0", "2.5ml", 1),
    ("0", "2.50", 1),
    ("0", "2.4", 0),
    ("0.1", "2.4", 1),  # the boundary counts
    ("0.1", "2.39", 0),
    ('"4%"', "2.6", 1),  # 4% of 2.5 is 0.1
    ('"4%"', "2.61", 0),
    ("0", "two and a half", 0),
    ("0", "2.5 mg", 0),  # another unit is not silently dropped
])
def test_numeric_tolerance_and_typed_forms(tolerance, typed, earned):
    question = item(NUMERIC.format(tolerance=tolerance))
    assert grade(question, [typed]) == Score(earned, 1)


@pytest.mark.parametrize(("text", "answer", "message"), [
    (SELECT_N, ["a", "b", "c"], "at most 2 choices; 3 were sent"),
    (SELECT_N, ["a", "zz"], "has no option zz"),
    (SELECT_N, "a", "expects a list"),
    (ORDERED, {"5": ["a"]}, "has no part 5"),
    (ORDERED, {"1": ["a", "b"]}, "takes one answer"),
    (MATCHING, {"one": ["x", "y"]}, "takes one answer"),
    (MATCHING, ["x"], "expects an answer for each part"),
    (MATRIX_MC, {"r1": ["maybe"]}, "has no option maybe"),
    (MATRIX_MR, {"fever": "pneumonia"}, "expects a list"),
    (BOW_TIE, {"actions": ["a1", "a2", "a3"]}, "at most 2 choices"),
    (BOW_TIE, {"condition": ["c1", "c2"]}, "takes one answer"),
    (CLOZE, {"one": ["c"]}, "has no option c"),
    (HIGHLIGHT, {"p1": ["p1"]}, "expects a list"),
    (SHORT, ["a", "b"], "one typed answer"),
    (SHORT, ["x" * 201], "at most 200 characters"),
    (SHORT, ["bad\x00byte"], "control characters"),
    (NUMERIC.format(tolerance=0), ["1" * 33], "at most 32 characters"),
    (NUMERIC.format(tolerance=0), [2.5], "one typed answer"),
])
def test_responses_that_cannot_fit_are_refused(text, answer, message):
    with pytest.raises(InvalidResponse, match=message):
        grade(item(text), answer)


@pytest.mark.parametrize("text", [SIX_THREE, MATRIX_MR, SELECT_N, ORDERED, MATCHING, MATRIX_MC,
                                  CLOZE, DYAD, HIGHLIGHT, BOW_TIE, SHORT,
                                  NUMERIC.format(tolerance=0)])
def test_key_scores_full_and_nothing_scores_zero(text):
    question = item(text)
    top = max_score(question)
    assert grade(question, key_answer(question)) == Score(top, top)
    assert grade(question, None) == Score(0, top)
    assert read_answer(question, key_answer(question)) == key_answer(question)


def test_bow_tie_is_five_targets_and_matrix_possible_counts_keys():
    assert max_score(item(BOW_TIE)) == 5
    assert max_score(item(MATRIX_MR)) == 5
    assert max_score(item(SELECT_N)) == 2
    assert max_score(item(DYAD)) == 1


def test_stored_answers_are_canonical():
    assert read_answer(item(SIX_THREE), ["c", "a", "c"]) == ["a", "c"]
    assert read_answer(item(MATRIX_MR), {"fever": [], "rash": ["hf", "pneumonia"]}) == {
        "rash": ["hf", "pneumonia"]}
    assert read_answer(item(MATCHING), []) == {}
    assert read_answer(item(SHORT), ["  Lasix "]) == ["Lasix"]
    assert read_answer(item(SHORT), ["   "]) == []
