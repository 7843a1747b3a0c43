"""Unit tests for the NCLEX scoring rules in quizapp.scoring.rules (no app, no database)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.content.types import default_rule
from quizapp.scoring.rules import (
    RULE_NAMES,
    all_or_nothing,
    dyad,
    matrix_plus_minus,
    normalise_text,
    numeric,
    ordered,
    parse_number,
    plus_minus,
    select_n,
    short_text,
    zero_one,
)
from quizapp.scoring.score import Score

# No example database: property tests must not write .hypothesis/ into the working tree.
property_test = settings(database=None, deadline=None, max_examples=200)

IDS = tuple("abcdefgh")
ids = st.sampled_from(IDS)
id_sets = st.frozensets(ids)
key_sets = st.frozensets(ids, min_size=1)

D = Decimal


def fs(text: str) -> frozenset[str]:
    """Build a frozenset of one-letter option ids: fs("abc") == {"a", "b", "c"}."""
    return frozenset(text)


# --- published-style worked examples -------------------------------------------------------


def test_select_all_six_options_three_keys_three_right_one_wrong_scores_two():
    # NCSBN's +/- example: options a-f, keys a, b, c; the candidate picks a, b, c and d.
    assert plus_minus(fs("abcd"), fs("abc")) == Score(2, 3)


def test_select_all_all_wrong_scores_zero_not_negative():
    assert plus_minus(fs("def"), fs("abc")) == Score(0, 3)


def test_matrix_column_floor_does_not_subtract_from_other_columns():
    keys = {"pneumonia": fs("ab"), "heart_failure": fs("cd")}
    # Column 1: two right. Column 2: one right, two wrong -> -1, floored to 0.
    chosen = {"pneumonia": fs("ab"), "heart_failure": fs("cef")}
    assert matrix_plus_minus(chosen, keys) == Score(2, 4)
    # Scored as one flat +/- list the wrong picks would cost a point: the floor is per column.
    assert plus_minus(fs("abcef"), fs("abcd")) == Score(1, 4)


def test_bow_tie_five_targets_one_point_each():
    # 1 condition, 2 actions, 2 parameters: 5 targets, 0/1 each.
    assert zero_one([True, True, False, True, False]) == Score(3, 5)
    assert zero_one([True] * 5) == Score(5, 5)
    assert zero_one([False] * 5) == Score(0, 5)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (True, True, Score(1, 1)),
        (True, False, Score(0, 1)),
        (False, True, Score(0, 1)),
        (False, False, Score(0, 1)),
    ],
)
def test_dyad_needs_both_linked_parts(first, second, expected):
    assert dyad(first, second) == expected


# --- zero_one -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([True], Score(1, 1)),  # multiple choice
        ([False], Score(0, 1)),
        ([True, False, True, True], Score(3, 4)),  # matrix multiple choice, one per row
        ((False, True, False), Score(1, 3)),  # drop-down cloze, one per drop-down
        ([], Score(0, 0)),
    ],
)
def test_zero_one(parts, expected):
    assert zero_one(parts) == expected


# --- plus_minus -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "keys", "expected"),
    [
        ("abc", "abc", Score(3, 3)),
        ("", "abc", Score(0, 3)),
        ("ab", "abc", Score(2, 3)),
        ("abde", "abc", Score(0, 3)),  # 2 right, 2 wrong
        ("abcdef", "abc", Score(0, 3)),  # everything ticked
        ("ad", "abc", Score(0, 3)),
        ("abcd", "abcd", Score(4, 4)),
        ("e", "a", Score(0, 1)),
    ],
)
def test_plus_minus(chosen, keys, expected):
    assert plus_minus(fs(chosen), fs(keys)) == expected


# --- matrix_plus_minus ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({"x": fs("ab"), "y": fs("c")}, Score(3, 3)),
        ({}, Score(0, 3)),
        ({"x": fs("a")}, Score(1, 3)),  # column y missing: nothing chosen there
        ({"x": fs("abd"), "y": fs("c")}, Score(2, 3)),
        ({"x": fs("def"), "y": fs("c")}, Score(1, 3)),  # x floored at 0
        ({"x": fs("ab"), "y": fs("c"), "z": fs("gh")}, Score(3, 3)),  # z has no keys
    ],
)
def test_matrix_plus_minus(chosen, expected):
    keys = {"x": fs("ab"), "y": fs("c"), "z": frozenset()}
    assert matrix_plus_minus(chosen, keys) == expected


def test_matrix_plus_minus_rejects_a_column_not_in_the_key():
    with pytest.raises(ValueError, match="not in the key"):
        matrix_plus_minus({"x": fs("a"), "w": fs("b")}, {"x": fs("a")})


# --- all_or_nothing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "keys", "expected"),
    [
        ("ac", "ac", Score(1, 1)),
        ("a", "ac", Score(0, 1)),
        ("acd", "ac", Score(0, 1)),
        ("", "ac", Score(0, 1)),
        ("bd", "ac", Score(0, 1)),
    ],
)
def test_all_or_nothing(chosen, keys, expected):
    assert all_or_nothing(fs(chosen), fs(keys)) == expected


# --- select_n -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ("abc", Score(3, 3)),
        ("abh", Score(2, 3)),
        ("fgh", Score(0, 3)),
        ("a", Score(1, 3)),  # fewer picks than allowed is a valid, weaker answer
        ("", Score(0, 3)),
    ],
)
def test_select_n(chosen, expected):
    assert select_n(fs(chosen), fs("abc"), 3) == expected


@pytest.mark.parametrize(
    ("chosen", "keys", "n", "message"),
    [
        ("abcd", "abc", 3, "at most 3"),
        ("ab", "ab", 0, "n >= 1"),
        ("a", "ab", 3, "needs at least 3"),
    ],
)
def test_select_n_rejects_invalid_input(chosen, keys, n, message):
    with pytest.raises(ValueError, match=message):
        select_n(fs(chosen), fs(keys), n)


# --- ordered --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "rule", "expected"),
    [
        ("abcd", "all_or_nothing", Score(1, 1)),
        ("abdc", "all_or_nothing", Score(0, 1)),
        ("dcba", "all_or_nothing", Score(0, 1)),
        ("ab", "all_or_nothing", Score(0, 1)),
        ("abcd", "zero_one", Score(4, 4)),
        ("abdc", "zero_one", Score(2, 4)),
        ("dcba", "zero_one", Score(0, 4)),
        ("bcda", "zero_one", Score(0, 4)),  # right sequence, every item shifted one place
        ("ab", "zero_one", Score(2, 4)),  # partial answer
        ("", "zero_one", Score(0, 4)),
    ],
)
def test_ordered(chosen, rule, expected):
    assert ordered(list(chosen), list("abcd"), rule) == expected


def test_ordered_defaults_to_all_or_nothing_and_ignores_sequence_type():
    assert ordered(("a", "b", "c"), ["a", "b", "c"]) == Score(1, 1)
    assert ordered(["a", "c", "b"], ("a", "b", "c")) == Score(0, 1)


def test_ordered_rejects_unknown_rule_and_overlong_answer():
    with pytest.raises(ValueError, match="unknown ordered rule"):
        ordered(["a"], ["a"], "plus_minus")
    with pytest.raises(ValueError, match="3 items but the key has 2"):
        ordered(["a", "b", "c"], ["a", "b"], "zero_one")


# --- numeric --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "kind", "earned"),
    [
        (D("12.5"), D("12.5"), D("0"), "absolute", 1),
        (D("5.5"), D("5"), D("0.5"), "absolute", 1),  # upper boundary counts
        (D("4.5"), D("5"), D("0.5"), "absolute", 1),  # lower boundary counts
        (D("5.51"), D("5"), D("0.5"), "absolute", 0),
        (D("4.49"), D("5"), D("0.5"), "absolute", 0),
        (D("1.1"), D("1"), D("0.1"), "absolute", 1),  # float arithmetic would say 0.1000...09
        (5.5, D("5"), D("0.5"), "absolute", 1),
        (0.3, D("0.3"), D("0"), "absolute", 1),  # a float is taken by its repr
        (12, D("12"), D("0"), "absolute", 1),
        (D("275"), D("250"), D("10"), "percent", 1),  # 10% of 250 = 25, boundary
        (D("225"), D("250"), D("10"), "percent", 1),
        (D("275.01"), D("250"), D("10"), "percent", 0),
        (D("-42"), D("-40"), D("5"), "percent", 1),  # percent of |target|
        (D("-42.1"), D("-40"), D("5"), "percent", 0),
        (D("0"), D("0"), D("10"), "percent", 1),
        (D("0.001"), D("0"), D("10"), "percent", 0),  # target 0: percent means exact
        (None, D("5"), D("1"), "absolute", 0),
        (D("NaN"), D("5"), D("1"), "absolute", 0),
        (D("Infinity"), D("5"), D("1"), "absolute", 0),
        (math.inf, D("5"), D("1"), "absolute", 0),
        (math.nan, D("5"), D("1"), "absolute", 0),
    ],
)
def test_numeric(value, target, tolerance, kind, earned):
    assert numeric(value, target, tolerance, kind) == Score(earned, 1)


def test_numeric_decimal_sum_is_exact_but_float_sum_is_not():
    assert numeric(D("0.1") + D("0.2"), D("0.3"), D("0")) == Score(1, 1)
    assert numeric(0.1 + 0.2, D("0.3"), D("0")) == Score(0, 1)


@pytest.mark.parametrize(
    ("target", "tolerance", "kind", "message"),
    [
        (D("5"), D("-1"), "absolute", "negative"),
        (D("5"), D("1"), "relative", "unknown tolerance kind"),
        (D("NaN"), D("1"), "absolute", "finite"),
        (D("5"), D("Infinity"), "absolute", "finite"),
    ],
)
def test_numeric_rejects_invalid_key(target, tolerance, kind, message):
    with pytest.raises(ValueError, match=message):
        numeric(D("5"), target, tolerance, kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", D("12")),
        ("12.5", D("12.5")),
        (" 12,5 ", D("12.5")),
        ("0,25", D("0.25")),
        ("-3", D("-3")),
        ("+3.0", D("3.0")),
        (".5", D("0.5")),
        ("\u00a012\t", D("12")),
        ("\uff11\uff12", D("12")),  # full-width digits
        ("1,000", None),  # thousands or decimal? ambiguous
        ("1,000.5", None),
        ("1.000,5", None),
        ("1,2,3", None),
        ("12,", None),
        (",5", None),
        ("1 000", None),
        ("5.", None),
        ("1e3", None),
        ("NaN", None),
        ("nan", None),
        ("inf", None),
        ("-Infinity", None),
        ("12mg", None),
        ("12.5.1", None),
        ("", None),
        ("   ", None),
        ("\u0661\u0662", None),  # Arabic-Indic digits are not accepted
    ],
)
def test_parse_number(text, expected):
    result = parse_number(text)
    assert result == expected
    if expected is not None:
        assert isinstance(result, Decimal)


# --- short text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "case_sensitive", "expected"),
    [
        ("  Left   Lateral\tposition \n", False, "left lateral position"),
        ("Furosemide.", False, "furosemide"),
        ("q.i.d.", False, "q.i.d"),
        ("Done . .", False, "done"),
        ("Hello...", False, "hello"),
        ("STRASSE", False, "strasse"),
        ("Straße", False, "strasse"),  # case folding, not just lower()
        ("\uff21\uff22\uff23", False, "abc"),  # full-width letters (NFKC)
        ("\ufb01brosis", False, "fibrosis"),  # "fi" ligature
        ("a\u00a0b", False, "a b"),  # no-break space
        ("5 \u00b5g", False, "5 \u03bcg"),  # micro sign becomes Greek mu
        ("  MG. ", True, "MG"),
        ("\uff2d\uff27", True, "MG"),  # NFKC applies when case-sensitive too
        ("Left  Arm", True, "Left Arm"),
        ("", False, ""),
        (" . ", False, ""),
    ],
)
def test_normalise_text(raw, case_sensitive, expected):
    assert normalise_text(raw, case_sensitive) == expected


@pytest.mark.parametrize(
    ("answer", "accepted", "case_sensitive", "earned"),
    [
        ("furosemide", ["Furosemide"], False, 1),
        ("  FUROSEMIDE. ", ["furosemide"], False, 1),
        ("Lasix", ["furosemide", "lasix"], False, 1),
        ("furosemid", ["furosemide"], False, 0),
        ("left  lateral", ("Left lateral",), False, 1),
        ("mg", ["MG"], True, 0),
        ("MG.", ["MG"], True, 1),
        ("", [""], False, 0),  # a blank answer never scores
        (" . ", ["."], False, 0),
        ("anything", [], False, 0),
    ],
)
def test_short_text(answer, accepted, case_sensitive, earned):
    assert short_text(answer, accepted, case_sensitive) == Score(earned, 1)


def test_short_text_rejects_a_bare_string_as_accepted():
    with pytest.raises(ValueError, match="sequence of strings"):
        short_text("a", "abc")


# --- default rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_type", "rule"),
    [
        ("single_choice", "zero_one"),
        ("true_false", "zero_one"),
        ("select_n", "zero_one"),
        ("matching", "zero_one"),
        ("drop_down_cloze", "zero_one"),
        ("matrix_multiple_choice", "zero_one"),
        ("bow_tie", "zero_one"),
        ("numeric", "zero_one"),
        ("short_text", "zero_one"),
        ("select_all", "plus_minus"),
        ("highlight", "plus_minus"),
        ("matrix_multiple_response", "plus_minus"),
        ("drop_down_rationale", "dyad"),
        ("ordered_response", "all_or_nothing"),
    ],
)
def test_default_rule(question_type, rule):
    assert default_rule(question_type) == rule
    assert rule in RULE_NAMES


@pytest.mark.parametrize("question_type", ["essay", "", "Single_Choice", "select-all"])
def test_default_rule_rejects_unknown_type(question_type):
    with pytest.raises(ValueError, match="unknown question type"):
        default_rule(question_type)


def test_rule_names():
    assert RULE_NAMES == ("zero_one", "plus_minus", "all_or_nothing", "dyad")


# --- properties: 0 <= earned <= possible, the key scores full, nothing scores 0 ------------


def assert_in_range(score: Score) -> None:
    assert 0 <= score.earned <= score.possible


@property_test
@given(st.lists(st.booleans(), max_size=10))
def test_zero_one_properties(parts):
    score = zero_one(parts)
    assert_in_range(score)
    assert score == Score(parts.count(True), len(parts))
    assert zero_one([True] * len(parts)).earned == len(parts)
    assert zero_one([False] * len(parts)).earned == 0


@property_test
@given(id_sets, key_sets)
def test_plus_minus_properties(chosen, keys):
    score = plus_minus(chosen, keys)
    assert_in_range(score)
    assert score.possible == len(keys)
    assert score.earned == max(0, len(chosen & keys) - len(chosen - keys))
    assert plus_minus(keys, keys) == Score(len(keys), len(keys))
    assert plus_minus(frozenset(), keys) == Score(0, len(keys))


@property_test
@given(id_sets, key_sets, ids)
def test_plus_minus_is_monotone(chosen, keys, extra):
    # Adding a key never lowers the score; adding a wrong option never raises it.
    before = plus_minus(chosen, keys).earned
    after = plus_minus(chosen | {extra}, keys).earned
    assert after >= before if extra in keys else after <= before


columns = st.dictionaries(st.sampled_from(("c1", "c2", "c3")), id_sets, min_size=1)


@property_test
@given(columns, st.data())
def test_matrix_plus_minus_properties(keys_by_column, data):
    chosen = data.draw(st.dictionaries(st.sampled_from(sorted(keys_by_column)), id_sets))
    total = sum(len(keys) for keys in keys_by_column.values())
    score = matrix_plus_minus(chosen, keys_by_column)
    assert_in_range(score)
    assert score.possible == total
    # Never below the per-column sum and never above it: each column is scored on its own.
    expected = sum(
        plus_minus(chosen.get(c, frozenset()), k).earned for c, k in keys_by_column.items()
    )
    assert score.earned == expected
    assert matrix_plus_minus(keys_by_column, keys_by_column) == Score(total, total)
    assert matrix_plus_minus({}, keys_by_column) == Score(0, total)


@property_test
@given(id_sets, key_sets)
def test_all_or_nothing_properties(chosen, keys):
    score = all_or_nothing(chosen, keys)
    assert_in_range(score)
    assert score == Score(int(chosen == keys), 1)
    assert all_or_nothing(keys, keys) == Score(1, 1)
    assert all_or_nothing(frozenset(), keys) == Score(0, 1)


@property_test
@given(key_sets, st.data())
def test_select_n_properties(keys, data):
    n = len(keys)
    chosen = data.draw(st.frozensets(ids, max_size=n))
    score = select_n(chosen, keys, n)
    assert_in_range(score)
    assert score == Score(len(chosen & keys), n)
    assert select_n(keys, keys, n) == Score(n, n)
    assert select_n(frozenset(), keys, n) == Score(0, n)


@property_test
@given(key_sets)
def test_select_n_rejects_more_than_n_picks(keys):
    n = len(keys)
    if n == len(IDS):
        return
    with pytest.raises(ValueError):
        select_n(frozenset(IDS), keys, n)


@property_test
@given(st.permutations(IDS), st.data(), st.sampled_from(("all_or_nothing", "zero_one")))
def test_ordered_properties(key, data, rule):
    key = key[: data.draw(st.integers(1, len(IDS)))]
    chosen = data.draw(st.permutations(key))[: data.draw(st.integers(0, len(key)))]
    score = ordered(chosen, key, rule)
    assert_in_range(score)
    full = len(key) if rule == "zero_one" else 1
    assert score.possible == full
    assert ordered(key, key, rule) == Score(full, full)
    assert ordered([], key, rule) == Score(0, full)


# Characters drawn directly from code points (plus some awkward ones), so Hypothesis does not
# build and cache its Unicode tables in the working tree.
awkward = st.sampled_from(list(" .\t\n\u00a0\u00dfǰ\ufb01\uff21\u00b5\u0345\u03a3\u2026"))
text = st.lists(st.one_of(awkward, st.integers(0, 0x10FFFF).map(chr)), max_size=12).map("".join)


@property_test
@given(text, st.booleans())
def test_normalise_text_is_idempotent(raw, case_sensitive):
    once = normalise_text(raw, case_sensitive)
    assert normalise_text(once, case_sensitive) == once
    assert once == once.strip()
    assert not once.endswith(".")
    assert "  " not in once
