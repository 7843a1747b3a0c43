"""Marks, by hand: an item's points scaled to its mark, exact; grades across attempts."""

from __future__ import annotations

from fractions import Fraction

import pytest

from quizapp.scoring.marks import (
    Marks,
    combine,
    item_marks,
    passes,
    round_percent,
    show,
    snapshot_mark,
    to_hundredths,
)


@pytest.mark.parametrize("hundredths, earned, possible, expected", [
    (100, 1, 1, Fraction(1)),          # a 1-point item worth 1 mark, right
    (100, 3, 5, Fraction(3, 5)),       # a 5-point bow-tie worth 1 mark, 3 points
    (200, 1, 3, Fraction(2, 3)),       # worth 2 marks, one of three keys
    (50, 1, 2, Fraction(1, 4)),        # worth half a mark, half the points
    (100, 0, 4, Fraction(0)),
    (100, None, 4, Fraction(0)),       # not graded
])
def test_item_marks_scale_points_exactly(hundredths, earned, possible, expected):
    assert item_marks(hundredths, earned, possible) == expected


def test_thirds_add_up_without_drift():
    # Three items worth 1 mark, each 1 of 3 points: exactly 1 mark, where floats give 0.999...
    total = sum((item_marks(100, 1, 3) for _ in range(3)), Fraction(0))
    assert total == 1 and 0.1 + 0.2 != 0.3  # (the float drift we avoid)
    assert Marks(Fraction(2, 3) * 3, Fraction(3)).percent() == 67


def test_pass_mark_is_judged_exactly_on_marks():
    assert passes(Marks(Fraction(7), Fraction(10)), 70)
    assert not passes(Marks(Fraction(699, 100), Fraction(10)), 70)
    assert passes(Marks(Fraction(5, 3), Fraction(3)), 55) and not passes(
        Marks(Fraction(5, 3), Fraction(3)), 56)  # 55.6%
    assert not passes(Marks(Fraction(0), Fraction(0)), 0)


@pytest.mark.parametrize("value, text", [(Fraction(3), "3"), (Fraction(5, 2), "2.5"),
                                         (Fraction(2, 3), "0.67"), (Fraction(1, 200), "0"),
                                         (Fraction(3, 200), "0.02"), (Fraction(125, 100), "1.25")])
def test_marks_are_shown_to_two_places_rounded_once(value, text):
    assert show(value) == text


def test_snapshot_marks_default_to_one_and_are_stored_in_hundredths():
    assert snapshot_mark({}) == 100 and snapshot_mark({"mark": "0.5"}) == 50
    assert snapshot_mark({"mark": "2"}) == 200 and to_hundredths(Fraction(5, 4)) == 125
    with pytest.raises(ValueError):
        to_hundredths(Fraction(1, 3))


A = Marks(Fraction(1), Fraction(3))   # 1/3
B = Marks(Fraction(3), Fraction(3))   # 1
C = Marks(Fraction(2), Fraction(3))   # 2/3


@pytest.mark.parametrize("method, expected", [
    ("highest", Fraction(1)), ("last", Fraction(2, 3)), ("first", Fraction(1, 3)),
    ("average", Fraction(2, 3)),      # (1/3 + 1 + 2/3) / 3, exactly
])
def test_grading_methods_over_attempts_in_submission_order(method, expected):
    assert combine(method, [A, B, C]) == expected


def test_no_attempt_no_grade_and_unknown_methods_are_refused():
    assert combine("highest", []) is None
    with pytest.raises(ValueError):
        combine("best", [A])
    assert round_percent(Fraction(1, 2)) == 50 and round_percent(Fraction(1, 8)) == 12
