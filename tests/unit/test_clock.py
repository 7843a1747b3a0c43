"""Deadlines and remaining time: pure arithmetic on aware datetimes."""

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.learner.forms import parse_sequence
from quizapp.services.attempts.clock import deadline_for, remaining_seconds
from quizapp.services.errors import BadInput

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("limit, extra, expected", [
    (None, 1.0, None),
    (30, 1.0, START + timedelta(minutes=30)),
    (30, 1.5, START + timedelta(minutes=45)),
    (45, 1.25, START + timedelta(minutes=56, seconds=15)),
    (60, 2.0, START + timedelta(hours=2)),
])
def test_deadline_is_limit_times_extra_time(limit, extra, expected):
    assert deadline_for(START, limit, extra) == expected


def test_remaining_seconds_counts_down_to_zero_and_is_none_untimed():
    deadline = START + timedelta(minutes=10)
    assert remaining_seconds(deadline, START) == 600
    assert remaining_seconds(deadline, START + timedelta(minutes=9, seconds=59.5)) == 0
    assert remaining_seconds(deadline, START + timedelta(hours=1)) == 0
    assert remaining_seconds(None, START) is None


@pytest.mark.parametrize("form, required, expected", [
    ({"sequence": "0"}, True, 0),
    ({"sequence": "41"}, False, 41),
    ({}, False, None),
    ({"sequence": ""}, False, None),
])
def test_parse_sequence(form, required, expected):
    assert parse_sequence(MultiDict(form), required=required) == expected


@pytest.mark.parametrize("form", [{}, {"sequence": "-2"}, {"sequence": "٣"},
                                  {"sequence": "1" * 10}])
def test_parse_sequence_refuses_missing_or_malformed(form):
    with pytest.raises(BadInput):
        parse_sequence(MultiDict(form), required=True)
