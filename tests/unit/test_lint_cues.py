"""The lint rules the 2026 content review asked for: each fires on the flaw it names and stays
quiet on the item written well."""

from __future__ import annotations

import pytest

from quizapp.content import Bank, Module
from quizapp.content.lint import lint_bank
from tests.unit.test_lint import question, quiz, warnings

GOOD = "Raised temperature points to infection, which must be treated first."


@pytest.mark.parametrize("stem", [
    "Which description of oxidative stress matches the lesson?",
    "According to this module, which action comes first?",
    "Which statement from the article is accurate?",
])
def test_a_stem_that_asks_about_the_text_is_flagged(stem: str) -> None:
    [found] = warnings(question(stem=stem))
    assert "the stem refers to" in found and "ask about a client and a decision" in found


def test_a_stem_about_a_client_is_fine() -> None:
    assert warnings(question(stem="A client with MS has a temperature of 38.4 °C. Which action "
                                  "should the nurse take first?")) == []


@pytest.mark.parametrize("rationale", [
    "Blood group is not one of the factors the lesson lists for choosing a DMT.",
    "Bed rest is not among the complementary therapies in the lesson.",
    "The module does not describe DMTs as repairing myelin.",
    "Herbal remedies are not named in the article.",
])
def test_a_rationale_that_argues_from_the_text_is_flagged(rationale: str) -> None:
    [found] = warnings(question(rationales={"b": rationale}))
    assert "the rationale for option 'b' argues from the text" in found
    assert found.endswith("give the clinical reason")


def test_rationales_of_parts_are_checked_too() -> None:
    from dataclasses import replace

    from quizapp.content.model import Detail, Option, Part
    part = Part("p1", "Row", ("a",), (Option("a", "A", "The lesson says so."),), "")
    item = replace(question(qtype="matrix_multiple_choice"), detail=Detail(parts=(part,)))
    assert any("option 'a' of part 'p1' argues from the text" in w for w in warnings(item))


@pytest.mark.parametrize(("stem", "key", "cue"), [
    ("MS follows a predictable course.", "false", "predictable"),
    ("An anti-inflammatory diet can be relied on to stop MS progressing.", "false", "relied on"),
    ("Steroids always shorten a relapse.", "false", "always"),
    ("Disease-modifying therapies may reduce relapses.", "true", "may"),
    ("Some clients with MS have relapses.", "true", "Some"),
])
def test_a_true_false_wording_cue_is_flagged(stem: str, key: str, cue: str) -> None:
    [found] = warnings(question(qtype="true_false", stem=stem, key=(key,)))
    assert f"keyed {key}" in found and f"(\"{cue}\")" in found


@pytest.mark.parametrize(("stem", "key"), [
    ("A relapse lasts at least 24 hours.", "true"),
    ("Methylprednisolone changes long-term disability after a relapse.", "false"),
])
def test_a_plain_true_false_statement_is_fine(stem: str, key: str) -> None:
    assert warnings(question(qtype="true_false", stem=stem, key=(key,))) == []


@pytest.mark.parametrize("rationale", [
    "Correct. Gender is listed among the factors that may influence the choice.",
    "Correct. Age is one of the factors that may influence which DMT is chosen.",
    "Correct. Check the pulse.",  # nothing beyond the option's own words
])
def test_a_circular_key_rationale_is_flagged(rationale: str) -> None:
    [found] = warnings(question(rationales={"a": rationale}))
    assert "the rationale for key 'a' restates the option or the stem" in found


def test_a_key_rationale_with_a_reason_is_fine() -> None:
    assert warnings(question(rationales={"a": "A slow pulse after the first dose of an S1P "
                                              "modulator is expected and must be caught early."})
                    ) == []


def _select_all(qid: str, n_options: int, n_keys: int):
    texts = tuple(f"Distinct nursing action number {i} for {qid}" for i in range(n_options))
    return question(qid, qtype="select_all", options=texts, key=tuple("abcdefg"[:n_keys]),
                    stem=f"Which actions for case {qid} should the nurse take? Select all "
                         "that apply.", rationales={c: GOOD for c in "abcdefg"})


def _module_warnings(*items) -> list[str]:
    bank = Bank((Module("m", "M", "", (), (quiz(*items),)),))
    return [p.message for p in lint_bank(bank) if p.message.startswith("module")]


def test_every_select_all_with_the_same_shape_is_flagged_at_module_level() -> None:
    found = _module_warnings(*(_select_all(f"s{i}", 5, 3) for i in range(4)))
    assert found == [
        "module 'm': all 4 select-all questions have 2 distractors; vary it so students cannot "
        "count their way to the key",
        "module 'm': all 4 select-all questions have 3 correct options; vary it so students "
        "cannot count their way to the key"]


def test_varied_select_alls_are_fine() -> None:
    shapes = [(5, 1), (6, 4), (7, 3), (5, 2)]
    assert _module_warnings(*(_select_all(f"s{i}", n, k) for i, (n, k) in enumerate(shapes))) \
        == []


def test_three_select_alls_are_too_few_to_call_a_pattern() -> None:
    assert _module_warnings(*(_select_all(f"s{i}", 5, 3) for i in range(3))) == []
