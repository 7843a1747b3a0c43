"""`examples:` on a question: parsed as authoring metadata, scored with the real scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.content import load_bank
from quizapp.content.model import Question
from quizapp.content.validation import response_for_grader, validate_bank

LESSON = """\
lesson:
  id: basics
  title: Basics
  objectives: [Name the parts.]
  sections:
    - {id: parts, heading: The parts, article: Basics, body: Three parts.}
quiz:
  id: basics-quiz
  title: Basics quiz
  questions:
    - id: q-check
      type: select_all
      scoring: SCORING
      stem: Which parts are checked? Select all that apply.
      options:
        - {id: a, text: Part one, rationale: Each part is checked.}
        - {id: b, text: Part two, rationale: Each part is checked.}
        - {id: c, text: Part three, rationale: Each part is checked.}
        - {id: d, text: Nothing, rationale: The lesson asks for checks.}
      key: [a, b, c]
      source: parts
      difficulty: medium
      bloom: apply
      client_need: management-of-care
      examples:
EXAMPLES
    - id: q-true
      type: true_false
      stem: The demo has three parts.
      key: true
      rationale: {"true": The lesson names three., "false": The lesson names three.}
      source: parts
      difficulty: easy
      bloom: remember
      client_need: management-of-care
      examples:
        - {response: true, score: 1}
        - {response: false, score: 0}
        - {response: null, score: 0}
"""


def write_module(tmp_path: Path, examples: list[str], scoring: str = "plus_minus") -> Path:
    (tmp_path / "module.yaml").write_text("id: m\ntitle: M\n")
    text = LESSON.replace("SCORING", scoring).replace(
        "EXAMPLES", "\n".join(f"        - {e}" for e in examples))
    (tmp_path / "01-basics.yaml").write_text(text)
    return tmp_path


@pytest.mark.parametrize(("scoring", "response", "score"), [
    ("plus_minus", "[a, b, c]", 3),
    ("plus_minus", "[a, b]", 2),
    ("plus_minus", "[a, b, d]", 1),  # +2 -1
    ("plus_minus", "[a, d]", 0),  # +1 -1
    ("plus_minus", "[d]", 0),  # never below 0
    ("plus_minus", "[]", 0),
    ("plus_minus", "null", 0),  # unanswered
    ("all_or_nothing", "[a, b, c]", 1),
    ("all_or_nothing", "[a, b]", 0),
])
def test_examples_that_match_the_scorer_pass(tmp_path: Path, scoring: str, response: str,
                                             score: int) -> None:
    root = write_module(tmp_path, [f"{{response: {response}, score: {score}}}"], scoring)
    bank, problems = validate_bank(root)
    assert problems == []
    assert len(bank.questions()[0].examples) == 1


def test_every_mismatch_is_reported_at_its_example(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(write_module(tmp_path, ["{response: [a, b, d], score: 2}",
                                              "{response: [a, b], score: 2}",
                                              "{response: [a, e], score: 1}"]))
    _, problems = validate_bank(".")
    assert [str(p) for p in problems] == [
        "01-basics.yaml:26:11: example response [a, b, d] scores 1 of 3 under plus_minus, but "
        "the example expects 2",
        "01-basics.yaml:28:11: example response [a, e] cannot be scored: question 'q-check' "
        "has no option e",
    ]


def test_examples_do_not_change_the_version(tmp_path: Path) -> None:
    with_examples, _ = load_bank(write_module(tmp_path, ["{response: [a], score: 1}"]))
    without = LESSON.replace("SCORING", "plus_minus").replace("      examples:\nEXAMPLES\n", "")
    (tmp_path / "01-basics.yaml").write_text(without)
    plain, problems = load_bank(tmp_path)
    assert problems == []
    a, b = with_examples.questions()[0], plain.questions()[0]
    assert a.examples and not b.examples
    assert a.content_hash() == b.content_hash()
    assert "examples" not in a.to_snapshot()


@pytest.mark.parametrize(("qtype", "written", "graded"), [
    ("true_false", True, ["true"]),
    ("true_false", False, ["false"]),
    ("select_all", ("a", "c"), ["a", "c"]),
    ("select_all", None, None),
    ("numeric", 12.5, ["12.5"]),  # typed answers: the text, as a one-item list
    ("short_text", "MRI", ["MRI"]),
    ("matrix_multiple_choice", {"row-1": "a", "row-2": ("b", "c")},
     {"row-1": ["a"], "row-2": ["b", "c"]}),  # parts: one id or a list of ids
    ("ordered_response", {1: "check", 2: "give"}, {"1": ["check"], "2": ["give"]}),
])
def test_example_responses_are_given_to_the_grader_in_its_shape(qtype, written, graded):
    question = Question(id="q", type=qtype, stem="S", options=(), key=(), scoring="zero_one",
                        source="s", difficulty="easy", bloom="remember",
                        client_need="management-of-care")
    assert response_for_grader(question, written) == graded
