"""Grading of the choice types against content objects (no app, no database)."""

import pytest

from quizapp.content.model import Option, Question
from quizapp.content.types import grade, max_score
from quizapp.scoring import InvalidResponse


def question(qtype: str, key: tuple[str, ...], n: int = 4, scoring: str | None = None):
    options = tuple(Option(chr(97 + i), f"option {i}", f"why {i}") for i in range(n))
    if qtype == "true_false":
        options = (Option("true", "True", "t"), Option("false", "False", "f"))
    rule = scoring or ("plus_minus" if qtype == "select_all" else "zero_one")
    return Question(id="q", type=qtype, stem="?", options=options, key=key, scoring=rule,
                    source="s", difficulty="easy", bloom="remember",
                    client_need="management-of-care")


@pytest.mark.parametrize("response, expected", [
    (["b"], (1, 1)), (["a"], (0, 1)), ([], (0, 1)), (None, (0, 1)),
])
def test_single_choice(response, expected):
    score = grade(question("single_choice", ("b",)), response)
    assert (score.earned, score.possible) == expected


@pytest.mark.parametrize("response, expected", [
    (["false"], (1, 1)), (["true"], (0, 1)), (None, (0, 1)),
])
def test_true_false(response, expected):
    assert grade(question("true_false", ("false",)), response) == type(
        grade(question("true_false", ("false",)), None))(*expected)


@pytest.mark.parametrize("response, expected", [
    (["a", "b", "c"], 3),        # exactly the key
    (["a", "b", "c", "d"], 2),   # 3 right, 1 wrong: the NCLEX worked example
    (["a", "d", "e"], 0),        # 1 right, 2 wrong: floored at 0, never negative
    (["d", "e", "f"], 0),
    ([], 0),
    (["a"], 1),
])
def test_select_all_plus_minus_six_options_three_keys(response, expected):
    q = question("select_all", ("a", "b", "c"), n=6)
    score = grade(q, response)
    assert (score.earned, score.possible) == (expected, 3)


@pytest.mark.parametrize("response, expected", [
    (["a", "b", "c"], 1), (["a", "b"], 0), (["a", "b", "c", "d"], 0), ([], 0),
])
def test_select_all_all_or_nothing(response, expected):
    q = question("select_all", ("a", "b", "c"), n=6, scoring="all_or_nothing")
    score = grade(q, response)
    assert (score.earned, score.possible) == (expected, 1)


@pytest.mark.parametrize("qtype, key, response, message", [
    ("single_choice", ("a",), ["z"], "has no option z"),
    ("single_choice", ("a",), ["a", "b"], "takes one answer"),
    ("single_choice", ("a",), "a", "expects a list"),
    ("select_all", ("a", "b"), ["a", "zz"], "has no option zz"),
    ("true_false", ("true",), ["maybe"], "has no option maybe"),
])
def test_invalid_responses_are_refused(qtype, key, response, message):
    with pytest.raises(InvalidResponse, match=message):
        grade(question(qtype, key), response)


@pytest.mark.parametrize("qtype, key, scoring, expected", [
    ("single_choice", ("a",), None, 1),
    ("select_all", ("a", "b", "c"), None, 3),
    ("select_all", ("a", "b", "c"), "all_or_nothing", 1),
])
def test_max_score_is_the_score_of_the_key(qtype, key, scoring, expected):
    assert max_score(question(qtype, key, scoring=scoring)) == expected
