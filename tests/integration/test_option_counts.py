"""Option counts per part and option for every item type, checked against counts worked out
by hand: three students answer the test bank's quiz (one item of every type), and the item
statistics count what each chose in each part. No part-based answer counts as unanswered, and
no option that was chosen is flagged as never chosen."""

from __future__ import annotations

import pytest

from quizapp.services import attempts
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.attempts import quizzes
from quizapp.services.authoring import importer
from quizapp.services.reports import item_statistics
from tests.integration.instructor_helpers import cohort_with
from tests.unit.itemtools import ngn_bank

ANSWERS = {
    "ana": {
        "w-select-n": ["a", "b"],
        "w-ordered": {"1": ["check"], "2": ["identify"], "3": ["give"], "4": ["record"]},
        "w-matching": {"sugar": ["glucose"], "infection": ["temp"]},
        "w-cloze": {"what": ["a"], "risk": ["b"]},
        "w-dyad": {"action": ["a"], "reason": ["b"]},
        "w-matrix-mc": {"glucose": ["indicated"], "fluids": ["not-indicated"],
                        "temp": ["indicated"]},
        "w-matrix-mr": {"thirst": ["glucose"], "fever": ["infection"],
                        "wound": ["glucose", "infection"]},
        "w-bow-tie": {"condition": ["hyper"], "actions": ["glucose", "report"],
                      "parameters": ["bg", "thirst"]},
        "w-short-text": ["Blood."],
        "w-numeric": ["2.0"],
    },
    "ben": {
        "w-select-n": ["a", "c"],
        "w-ordered": {"1": ["identify"], "2": ["check"], "3": ["give"], "4": ["record"]},
        "w-matching": {"sugar": ["glucose"], "infection": ["weight"]},
        "w-cloze": {"what": ["a"], "risk": ["a"]},
        "w-dyad": {"action": ["b"], "reason": ["a"]},
        "w-matrix-mc": {"glucose": ["indicated"], "fluids": ["indicated"],
                        "temp": ["indicated"]},
        "w-matrix-mr": {"thirst": ["glucose", "infection"], "fever": ["infection"],
                        "rash": ["glucose"]},
        "w-bow-tie": {"condition": ["dehyd"], "actions": ["glucose", "stop"],
                      "parameters": ["bg", "hair"]},
        "w-short-text": ["capillary  Blood"],
        "w-numeric": ["2 mL"],
    },
    "cai": {  # answers little: blank parts and blank items count as no answer
        "w-matching": {"sugar": ["temp"]},
        "w-bow-tie": {"condition": ["hyper"]},
        "w-short-text": ["plasma"],
        "w-numeric": ["abc"],
    },
}

# (part label, {option id: times chosen}, no answer) per question, worked out from ANSWERS.
EXPECTED = {
    "w-select-n": [("", {"a": 2, "b": 1, "c": 1, "d": 0}, 1)],
    "w-ordered": [("Position 1", {"check": 1, "identify": 1, "give": 0, "record": 0}, 1),
                  ("Position 2", {"check": 1, "identify": 1, "give": 0, "record": 0}, 1),
                  ("Position 3", {"check": 0, "identify": 0, "give": 2, "record": 0}, 1),
                  ("Position 4", {"check": 0, "identify": 0, "give": 0, "record": 2}, 1)],
    "w-matching": [("Raised blood sugar", {"glucose": 2, "temp": 1, "weight": 0}, 0),
                   ("Hidden infection", {"glucose": 0, "temp": 1, "weight": 1}, 1)],
    "w-cloze": [("Drop-down 1", {"a": 2, "b": 0}, 1),
                ("Drop-down 2", {"a": 1, "b": 1, "c": 0}, 1)],
    "w-dyad": [("Drop-down 1", {"a": 1, "b": 1}, 1), ("Drop-down 2", {"a": 1, "b": 1}, 1)],
    "w-matrix-mc": [("Check glucose", {"indicated": 2, "not-indicated": 0}, 1),
                    ("Restrict fluids", {"indicated": 1, "not-indicated": 1}, 1),
                    ("Check temperature", {"indicated": 2, "not-indicated": 0}, 1)],
    "w-matrix-mr": [("Thirst", {"glucose": 2, "infection": 1}, 1),
                    ("Fever", {"glucose": 0, "infection": 2}, 1),
                    ("Slow healing", {"glucose": 1, "infection": 1}, 2),
                    ("Sunburn", {"glucose": 1, "infection": 0}, 2)],
    "w-bow-tie": [("Actions to take", {"glucose": 2, "report": 1, "stop": 1}, 1),
                  ("Condition most likely", {"hyper": 2, "dehyd": 1, "infect": 0}, 0),
                  ("Parameters to watch", {"bg": 2, "thirst": 1, "hair": 1}, 1)],
}
# Typed answers: (as the grader compares them, accepted, times), most frequent first.
TYPED = {
    "w-short-text": [("blood", True, 1), ("capillary blood", True, 1), ("plasma", False, 1)],
    "w-numeric": [("2 mL", True, 2), ("(not a number)", False, 1)],
}


@pytest.fixture
def students(app, make_user) -> list[int]:  # type: ignore[no-untyped-def]
    """The three students' ids, each with one submitted attempt."""
    ids = []
    with app.app_context():
        importer.import_bank(ngn_bank(), [])
        quiz = quizzes.find_quiz("ward", "ward-quiz")
        for name, answers in ANSWERS.items():
            user = make_user(username=name)
            attempt = attempts.start_attempt(user.id, quiz.id)
            attempts.submit_attempt(user.id, attempt.id, answers)
            ids.append(user.id)
    return ids


@pytest.fixture
def report(app, students):  # type: ignore[no-untyped-def]
    with app.app_context():
        built = item_statistics.quiz_stats(Scope(None), quizzes.find_quiz("ward", "ward-quiz"))
    return {item.question_id: item for item in built.items}


@pytest.mark.parametrize("qid", sorted(EXPECTED))
def test_each_option_of_each_part_is_counted(report, qid):
    item = report[qid]
    got = [(g.label, {o.id: o.count for o in g.options}, g.unanswered) for g in item.groups]
    assert got == EXPECTED[qid]
    assert item.stats.attempts == 3


@pytest.mark.parametrize("qid", sorted(TYPED))
def test_typed_answers_are_grouped_as_graded_with_the_key_marked(report, qid):
    (group,) = report[qid].groups
    assert group.typed
    assert [(o.text, o.is_key, o.count) for o in group.options] == TYPED[qid]
    assert group.unanswered == 0


def test_part_answers_are_not_unanswered_and_keys_are_marked(report):
    assert report["w-bow-tie"].unanswered == 0  # cai answered one group
    assert report["w-cloze"].unanswered == 1 and report["w-select-n"].unanswered == 1
    actions = report["w-bow-tie"].groups[0]
    assert [o.id for o in actions.options if o.is_key] == ["glucose", "report"]
    position_two = report["w-ordered"].groups[1]
    assert [o.id for o in position_two.options if o.is_key] == ["identify"]


def test_never_chosen_flags_only_what_nobody_chose(report):
    never = {qid: [f for f in item.flags if "never chosen" in f] for qid, item in report.items()}
    assert never == {
        "w-select-all": [f"Option '{o}' was never chosen ({what})." for o, what in (
            ("a", "the key"), ("b", "the key"), ("c", "the key"),
            ("d", "a distractor that does not work"), ("e", "a distractor that does not work"),
            ("f", "a distractor that does not work"))],
        "w-select-n": ["Option 'd' was never chosen (a distractor that does not work)."],
        "w-ordered": [], "w-matching": [], "w-dyad": [], "w-matrix-mc": [], "w-matrix-mr": [],
        "w-cloze": ["Drop-down 1: option 'b' was never chosen (a distractor that does not work).",
                    "Drop-down 2: option 'c' was never chosen (a distractor that does not "
                    "work)."],
        "w-bow-tie": ["Condition most likely: option 'infect' was never chosen (a distractor "
                      "that does not work)."],
        "w-highlight": [f"Option '{o}' was never chosen ({what})." for o, what in (
            ("thirst", "the key"), ("sleep", "a distractor that does not work"),
            ("fever", "the key"))],
        "w-numeric": [], "w-numeric-percent": [], "w-short-text": [],
        "w-case-one": ["Option 'a' was never chosen (the key).",
                       "Option 'b' was never chosen (a distractor that does not work)."],
        "w-case-two": ["Option 'true' was never chosen (the key).",
                       "Option 'false' was never chosen (a distractor that does not work)."],
    }


def test_the_statistics_page_shows_a_table_per_part(app, client, auth, make_user, students):
    teacher = make_user(role="instructor", username="ines")
    cohort_with(app, teacher.id, "Ward", students)
    auth.login("ines")
    page = client.get("/instructor/stats/ward/ward-quiz").get_data(as_text=True)
    assert 'aria-label="Options of part “Actions to take” of question ' in page
    assert 'aria-label="Answers typed for question ' in page
    assert "<th scope=\"row\">capillary blood</th><td>accepted</td><td>1</td>" in page
