"""quiz lint: each item-writing rule fires on the flaw and stays quiet on the fixed item."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from quizapp.content import Bank, Module, Option, Question, Quiz, load_bank
from quizapp.content.lint import lint_bank, lint_quiz
from quizapp.content.model import Location
from quizapp.content.similarity import _alike, similar_pairs

BANK = Path(__file__).parent.parent / "data" / "bank"
RATIONALE = "Explains why, with the clinical reason for it."


def question(qid: str = "q1", *, stem: str = "Which action should the nurse take first?",
             options: tuple[str, ...] = ("Check the pulse", "Call the family", "Give water"),
             key: tuple[str, ...] = ("a",), qtype: str = "single_choice",
             rationales: dict[str, str] | None = None, line: int = 10) -> Question:
    ids = "abcdefgh"
    opts = tuple(Option(ids[i], text, (rationales or {}).get(ids[i], RATIONALE))
                 for i, text in enumerate(options))
    if qtype == "true_false":
        opts = (Option("true", "True", (rationales or {}).get("true", RATIONALE)),
                Option("false", "False", (rationales or {}).get("false", RATIONALE)))
    return Question(id=qid, type=qtype, stem=stem, options=opts, key=key,
                    scoring="plus_minus" if qtype == "select_all" else "zero_one",
                    source="parts", difficulty="easy", bloom="remember",
                    client_need="management-of-care",
                    location=Location("lesson.yaml", line, 7))


def quiz(*questions: Question) -> Quiz:
    return Quiz(id="quiz", title="Quiz", pass_mark=70, questions=questions,
                location=Location("lesson.yaml", 3, 1))


def warnings(*questions: Question) -> list[str]:
    bank = Bank((Module("m", "M", "", (), (quiz(*questions),)),))
    return [str(p) for p in lint_bank(bank)]


def test_a_clean_item_has_no_warnings() -> None:
    assert warnings(question()) == []


def test_warning_format_points_at_the_question() -> None:
    found = warnings(question(options=("Check the pulse", "Call the family",
                                       "All of the above")))
    assert found == ["lesson.yaml:10:7: warning: question 'q1': option 'c' says \"All of the "
                     "above\"; write options that each stand on their own"]


@pytest.mark.parametrize("text", ["None of the above", "both of the above",
                                  "all of the options"])
def test_all_or_none_of_the_above(text: str) -> None:
    [found] = warnings(question(options=("Check the pulse", "Call the family", text)))
    assert f"option 'c' says \"{text}\"" in found


@pytest.mark.parametrize(("stem", "word"), [
    ("Which action is not appropriate?", "not"),
    ("All of these are true except which?", "except"),
    ("Which finding is least urgent?", "least"),
    ("The client has a fever. Which action is not indicated?", "not"),
])
def test_a_negative_stem_without_emphasis_is_flagged(stem: str, word: str) -> None:
    [found] = warnings(question(stem=stem))
    assert f"the stem asks a negative question ('{word}')" in found
    assert f"({word.upper()})" in found


@pytest.mark.parametrize("stem", [
    "Which action is NOT appropriate?",
    "All of these are true EXCEPT which?",
    "Which action is **not** appropriate?",
    "Which action is *not* appropriate?",
    "The client has not eaten since noon. Which action comes first?",  # scenario, not lead-in
    "Which client needs at least hourly checks?",
    "Which is not only safe but also effective?",
    "Is giving the dose now indicated or not?",
    "Which action is **not\n    recommended** for this client?",  # bold over two words
    "A client says the pain does not stop. Choose the best response.",  # the ask is last
])
def test_emphasised_or_non_leading_negatives_are_fine(stem: str) -> None:
    assert warnings(question(stem=stem)) == []


def test_a_negative_instruction_without_a_question_mark_is_flagged() -> None:
    [found] = warnings(question(stem="The client is anxious. Choose the reply that is not "
                                     "therapeutic."))
    assert "negative question ('not')" in found


def test_grid_and_cloze_stems_are_not_checked_for_negatives() -> None:
    stem = "Mark each action that is not indicated for this client."
    assert warnings(question(stem=stem, qtype="matrix_multiple_choice")) == []
    assert len(warnings(question(stem=stem))) == 1  # the same stem on a choice item


def test_a_negative_true_false_statement_is_flagged() -> None:
    [found] = warnings(question(stem="Severe MS is not treatable.", qtype="true_false",
                                key=("false",)))
    assert "negative question ('not')" in found


def test_a_key_much_longer_than_every_distractor_is_flagged() -> None:
    long_key = "Check the pulse and blood pressure, then report any change to the team"
    [found] = warnings(question(options=(long_key, "Call the family", "Give water")))
    assert (f"the key (option 'a', {len(long_key)} characters) is much longer than every "
            "distractor (the longest has 15)") in found


def test_a_key_slightly_longer_is_fine() -> None:
    assert warnings(question(options=("Check the pulse rate", "Call the family",
                                      "Give some water"))) == []


def test_the_key_being_the_longest_in_most_items_is_flagged_per_quiz() -> None:
    items = [question(f"q{i}", stem=f"Question number {i} about topic {'xyz'[i % 3]}?",
                      options=("Check the pulse", "Call family", "Give water"), line=10 * i)
             for i in range(1, 5)]
    items[3] = question("q4", stem="Question four?", key=("b",),
                        options=("Check the pulse", "Call family", "Give water"), line=40)
    found = [str(p) for p in lint_quiz(quiz(*items))]
    assert found == ["lesson.yaml:3:1: warning: quiz 'quiz': the key is the longest option in "
                     "3 of 4 single-choice questions; test-wise students pick the longest option"]


def test_the_key_being_longest_in_half_the_items_is_fine() -> None:
    items = [question("q1", stem="First?"), question("q2", stem="Second?"),
             question("q3", stem="Third?", key=("b",)), question("q4", stem="Fourth?", key=("c",))]
    assert lint_quiz(quiz(*items)) == []


def test_near_duplicate_stems_across_the_bank() -> None:
    first = question("q1", stem="Which finding should the nurse report to the provider first?")
    second = question("q2", stem="Which finding should the nurse report to the provider 1st?",
                      line=30)
    [found] = warnings(first, second)
    assert found.startswith("lesson.yaml:30:7: warning: question 'q2': the stem is nearly the "
                            "same (")
    assert "as question 'q1' (lesson.yaml:10)" in found


def test_identical_stems_are_the_same() -> None:
    found = warnings(question("q1", stem="Which is first?"),
                     question("q2", stem="Which is  FIRST?", line=30))
    assert found == ["lesson.yaml:30:7: warning: question 'q2': the stem is the same as "
                     "question 'q1' (lesson.yaml:10)"]


def test_different_stems_are_not_duplicates() -> None:
    assert warnings(question("q1", stem="Which finding is expected after the infusion?"),
                    question("q2", stem="Which teaching point about fatigue is accurate?")) == []


def test_near_duplicate_options() -> None:
    [found] = warnings(question(options=("Check the pulse", "Check the pulse.", "Give water")))
    assert "options 'a' and 'b' are the same" in found
    [found] = warnings(question(options=("Assess the client's gait", "Assess the client's gaits",
                                         "Give water")))
    assert "options 'a' and 'b' are nearly the same (98% alike)" in found


def test_select_all_with_every_option_correct() -> None:
    [found] = warnings(question(qtype="select_all", key=("a", "b", "c"),
                                stem="Which actions are safe? Select all that apply."))
    assert "every option is correct" in found


@pytest.mark.parametrize("rationale", ["Correct.", "Incorrect!", "This is correct",
                                       "Wrong answer.", "true"])
def test_a_rationale_that_only_says_correct_or_incorrect(rationale: str) -> None:
    [found] = warnings(question(rationales={"b": rationale}))
    assert f"the rationale for option 'b' only says \"{rationale}\"" in found


def test_a_rationale_that_explains_is_fine() -> None:
    assert warnings(question(rationales={"a": "Correct. The pulse shows perfusion."})) == []


def test_absolute_words_only_in_distractors() -> None:
    [found] = warnings(question(options=("Check the pulse", "Always call the family",
                                         "Never give water")))
    assert ("absolute words appear only in distractors ('always' in option b; 'never' in "
            "option c)") in found


def test_absolute_words_in_the_key_too_are_fine() -> None:
    assert warnings(question(options=("Always check the pulse", "Always call the family",
                                      "Give water"))) == []


def test_the_demo_bank_is_clean_and_lint_is_deterministic() -> None:
    bank, problems = load_bank(BANK)
    assert problems == []
    assert lint_bank(bank) == lint_bank(bank) == []


def test_similar_pairs_finds_copy_paste_edits_among_many_stems() -> None:
    rng = random.Random(7)
    vocabulary = [f"{a}{b}" for a in ("dose", "gait", "mood", "spasm", "vision", "balance",
                                      "relapse", "bladder", "fatigue", "infusion")
                  for b in ("", "s", "ing", "ed", "al", "ly", "er", "ness", "ful", "ive")]
    texts = [" ".join(["which action should the nurse take", *rng.sample(vocabulary, 8)])
             for _ in range(400)]
    edits = []
    for n, original in enumerate(texts[:50]):  # one word changed, or one dropped
        words = original.split()
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
        texts.append(" ".join(words))
        texts.append(" ".join(w for i, w in enumerate(original.split()) if i != 8))
        edits += [(n, len(texts) - 2), (n, len(texts) - 1)]
    found = {(j, i): alike for j, i, alike in similar_pairs(texts, 0.9)}
    expected = {pair for pair in edits if _alike(texts[pair[0]], texts[pair[1]], 0.9)}
    assert len(expected) >= 60
    assert expected <= set(found)
    assert all(alike == _alike(texts[j], texts[i], 0.9) for (j, i), alike in found.items())
