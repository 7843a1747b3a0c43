from datetime import date, timedelta

import pytest

from quizapp.stats import cumulative_by_period, histogram, tally


def test_histogram_bins_include_100_in_the_last_bin():
    bins = histogram([(0, 1), (9.99, 1), (10, 1), (55, 1), (100, 2)])
    assert [b.count for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert (bins[0].label, bins[-1].label) == ("0–9%", "90–100%")
    with pytest.raises(ValueError):
        histogram([], width=7)


def test_cumulative_by_day_fills_gaps():
    d = date(2026, 3, 2)
    periods = cumulative_by_period([d, d, d + timedelta(days=2)])
    assert [(p.start, p.new, p.cumulative) for p in periods] == [
        (d, 2, 2), (d + timedelta(days=1), 0, 2), (d + timedelta(days=2), 1, 3)]
    assert cumulative_by_period([]) == ()


def test_long_spans_group_by_week_starting_monday():
    start = date(2026, 3, 4)  # a Wednesday
    periods = cumulative_by_period([start, start + timedelta(days=60)])
    assert periods[0].start == date(2026, 3, 2) and periods[0].new == 1
    assert all((b.start - a.start).days == 7 for a, b in zip(periods, periods[1:], strict=False))
    assert periods[-1].cumulative == 2


def test_tally_sums_per_tag_in_the_given_order():
    rows = [("easy", 1, 1, 1), ("hard", 2, 0, 2), ("easy", 1, 0, 1), ("odd", 1, 1, 1)]
    got = tally(rows, order=["easy", "medium", "hard"])
    assert [(t.tag, t.responses, t.earned, t.possible) for t in got] == [
        ("easy", 2, 1, 2), ("medium", 0, 0, 0), ("hard", 2, 0, 2), ("odd", 1, 1, 1)]
    assert got[0].percent == 50.0 and got[1].percent is None
