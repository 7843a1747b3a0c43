"""The FSRS rating of a graded answer, and the day boundary of the review queue (pure)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating

from quizapp.services.learning.review import SCHEDULER, end_of_day, rating_for


@pytest.mark.parametrize("earned, possible, confidence, rating", [
    (0, 1, None, Rating.Again),          # wrong
    (0, 1, "high", Rating.Again),        # wrong, however sure
    (0, 1, "low", Rating.Again),
    (2, 3, "medium", Rating.Again),      # partly right is not right
    (2, 3, "high", Rating.Again),
    (None, 1, "high", Rating.Again),     # not graded counts as missed
    (1, 1, "low", Rating.Hard),          # right, unsure
    (1, 1, "medium", Rating.Good),       # right
    (1, 1, None, Rating.Good),           # right, confidence not stated
    (3, 3, "high", Rating.Easy),         # right and certain
])
def test_rating_from_score_and_confidence(earned, possible, confidence, rating):
    assert rating_for(earned, possible, confidence) == rating


T0 = datetime(2030, 3, 1, 9, 30, tzinfo=UTC)


def test_first_reviews_are_spaced_in_whole_days_and_ordered_by_rating():
    due = {r: SCHEDULER.review_card(Card(card_id=1, due=T0), r, T0)[0].due - T0 for r in Rating}
    # a daily queue: no minute-long learning steps, and no random fuzz (reproducible)
    assert due[Rating.Again] == timedelta(days=1)
    assert all(d % timedelta(days=1) == timedelta(0) for d in due.values())
    assert due[Rating.Again] <= due[Rating.Hard] < due[Rating.Good] < due[Rating.Easy]
    again = [SCHEDULER.review_card(Card(card_id=1, due=T0), Rating.Good, T0)[0].due
             for _ in range(5)]
    assert len(set(again)) == 1


@pytest.mark.parametrize("now, cutoff", [
    (T0, datetime(2030, 3, 2, tzinfo=UTC)),
    (datetime(2030, 3, 1, 0, 0, tzinfo=UTC), datetime(2030, 3, 2, tzinfo=UTC)),
    (datetime(2030, 12, 31, 23, 59, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)),
    # days are UTC days: 01:00 on 1 March in UTC+2 is still 28 February in UTC
    (datetime(2030, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=2))),
     datetime(2030, 3, 1, tzinfo=UTC)),
])
def test_due_today_means_before_the_next_utc_midnight(now, cutoff):
    assert end_of_day(now) == cutoff
