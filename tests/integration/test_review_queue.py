"""Spaced review: cards per answer, due dates from FSRS under a controlled clock, the daily
queue on the dashboard, and review sessions that never touch quiz scores."""

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.content import load_bank
from quizapp.extensions import db
from quizapp.models import Attempt, Quiz
from quizapp.models.types import utcnow
from quizapp.services.attempts import practice
from quizapp.services.authoring import importer
from quizapp.services.errors import NothingToPractise
from quizapp.services.learning import course, retakes, review
from tests.helpers.data import DEMO_BANK
from tests.helpers.history import PARTLY, RIGHT, T0, WRONG, cards, items_of, take
from tests.helpers.web import attempt_id_from, post

DAY = timedelta(days=1)


@pytest.fixture
def amal(make_user, imported):
    return make_user(username="amal")


def queue(app, user_id, now):
    with app.app_context():
        return review.queues(user_id, now).get("demo")


def test_due_dates_follow_score_and_confidence(app, amal):
    take(app, amal.id, "basics-quiz",
         {"basics-count": WRONG["basics-count"], "basics-check": RIGHT["basics-check"],
          "basics-purpose": RIGHT["basics-purpose"]},
         {"basics-count": "high", "basics-check": "medium", "basics-purpose": "high"}, now=T0)
    take(app, amal.id, "more-quiz", {"more-detail": RIGHT["more-detail"], "more-strict": ["a"]},
         {"more-detail": "low"}, now=T0)
    due = {qid: card.due for qid, card in cards(app, amal.id).items()}
    assert set(due) == set(RIGHT)  # a card for every graded item
    assert due["basics-count"] == T0 + DAY  # wrong (however sure): back tomorrow
    assert due["more-strict"] == T0 + DAY  # wrong, all-or-nothing
    # right: unsure (Hard) < no more than fairly sure (Good) < certain (Easy)
    assert T0 + DAY <= due["more-detail"] < due["basics-check"] < due["basics-purpose"]
    ratings = {qid: card.last_rating for qid, card in cards(app, amal.id).items()}
    assert ratings == {"basics-count": 1, "more-strict": 1, "more-detail": 2,
                       "basics-check": 3, "basics-purpose": 4}


def test_queue_counts_what_is_due_by_the_end_of_each_day(app, amal):
    take(app, amal.id, "basics-quiz",
         {"basics-count": WRONG["basics-count"], **PARTLY, "basics-purpose": ["true"]},
         {"basics-purpose": "high"}, now=T0)
    due = {qid: card.due for qid, card in cards(app, amal.id).items()}
    assert queue(app, amal.id, T0) == review.Queue(0, T0 + DAY)  # nothing today; next tomorrow
    assert queue(app, amal.id, T0 + DAY).due_today == 2  # the wrong and the partly right
    # due at 09:30 tomorrow counts from tomorrow's first minute: a daily queue
    assert queue(app, amal.id, (T0 + DAY).replace(hour=0, minute=1)).due_today == 2
    later = due["basics-purpose"]
    assert queue(app, amal.id, later - DAY).due_today == 2
    assert queue(app, amal.id, later).due_today == 3
    with app.app_context():
        assert review.due_questions(amal.id, "demo", T0 + DAY, 20) == ["basics-count",
                                                                        "basics-check"]


def _quizzes() -> list[Quiz]:
    return list(db.session.scalars(select(Quiz)))


def test_review_session_takes_the_due_cards_and_reschedules_them(app, amal, monkeypatch):
    take(app, amal.id, "basics-quiz", WRONG | {"basics-purpose": ["true"]}, now=T0)
    take(app, amal.id, "more-quiz", WRONG, now=T0)
    monkeypatch.setattr(retakes, "REVIEW_SIZE", 3)
    with app.app_context():
        before = course.quiz_records(amal.id, _quizzes())
        attempt = retakes.start_review(amal.id, "demo", now=T0 + DAY)
        assert (attempt.mode, attempt.purpose, attempt.quiz_id, attempt.module_id) == (
            "practice", "review", None, "demo")
        attempt_id = attempt.id
        # the same session is resumed, not a second one
        assert retakes.start_review(amal.id, "demo", now=T0 + DAY).id == attempt_id
    drawn = items_of(app, attempt_id)
    assert len(drawn) == 3 and set(drawn) <= {"basics-count", "basics-check", "more-detail",
                                              "more-strict"}
    with app.app_context():
        for qid in drawn:
            practice.check_answer(amal.id, attempt_id, qid, RIGHT[qid], "high", now=T0 + DAY)
        assert db.session.get(Attempt, attempt_id).status == "submitted"
        assert course.quiz_records(amal.id, _quizzes()) == before  # a review never counts
    after = cards(app, amal.id)
    for qid in drawn:
        assert after[qid].reviews == 2 and after[qid].last_rating == 4
        assert after[qid].due > T0 + 3 * DAY
    assert queue(app, amal.id, T0 + DAY).due_today == 1  # the one left over the cap


def test_nothing_due_means_no_session(app, amal):
    with app.app_context():
        with pytest.raises(NothingToPractise):
            retakes.start_review(amal.id, "demo", now=T0)
        assert db.session.scalar(select(Attempt.id)) is None


def test_dashboard_shows_the_queue_and_starts_a_review(app, client, auth, amal):
    # pages run on the real clock: answered two days ago, so due today
    take(app, amal.id, "basics-quiz", WRONG, now=utcnow() - 2 * DAY)
    auth.login("amal")
    page = client.get("/").get_data(as_text=True)
    assert "3 questions due today" in page and "Start review (3 due)" in page
    response = post(client, "/modules/demo/review")
    attempt_id = attempt_id_from(response.headers["Location"])
    assert response.headers["Location"] == f"/attempts/{attempt_id}/practice"
    assert sorted(items_of(app, attempt_id)) == sorted(["basics-count", "basics-check",
                                                        "basics-purpose"])
    assert "Continue your review" in client.get("/").get_data(as_text=True)


def test_a_retired_question_leaves_the_queue(app, amal, tmp_path):
    take(app, amal.id, "basics-quiz", WRONG, now=T0)
    bank = tmp_path / "bank"
    shutil.copytree(DEMO_BANK, bank)
    lesson = bank / "demo" / "01-basics.yaml"
    text = lesson.read_text()
    start = text.index("    - id: basics-purpose")
    lesson.write_text(text[:start])
    with app.app_context():
        importer.import_bank(*load_bank(bank))
    assert queue(app, amal.id, T0 + DAY).due_today == 2
