"""Timed quizzes: the server owns the clock. Deadlines are fixed at start (x extra time), saves
are accepted through a grace period, and an overdue attempt is submitted with what was saved:
on the next request that touches it, or by `quiz close-overdue`."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptEvent, Quiz, Response
from quizapp.models.types import utcnow
from tests.conftest import PASSWORD, post
from tests.integration.helpers import autosave
from tests.integration.test_learner_flow import KEYS, start

GRACE = timedelta(seconds=60)  # the default QUIZ_GRACE_SECONDS


def set_time_limit(app, minutes, slug="basics-quiz"):
    with app.app_context():
        db.session.scalar(select(Quiz).where(Quiz.slug == slug)).time_limit_minutes = minutes
        db.session.commit()


def move_deadline(app, attempt_id, ago: timedelta):
    """Pretend the attempt's deadline passed `ago` (the server's clock is not mocked)."""
    with app.app_context():
        db.session.get(Attempt, attempt_id).deadline = utcnow() - ago
        db.session.commit()


def attempt_row(app, attempt_id):
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        answers = {r.question_id: r.answer for r in db.session.scalars(
            select(Response).where(Response.attempt_id == attempt_id))}
        kinds = db.session.scalars(select(AttemptEvent.kind).where(
            AttemptEvent.attempt_id == attempt_id).order_by(AttemptEvent.id)).all()
        db.session.expunge(attempt)
        return attempt, answers, kinds


@pytest.fixture
def timed(app, client, auth, make_user, imported):
    """amal is logged in; the basics quiz has a 30-minute limit."""
    set_time_limit(app, 30)
    make_user(username="amal")
    auth.login("amal")
    return client


def test_deadline_is_start_plus_limit_times_extra_time(app, client, auth, make_user, runner,
                                                      imported):
    set_time_limit(app, 30)
    make_user(username="amal")
    result = runner.invoke(args=["quiz", "set-extra-time", "amal", "1.5"])
    assert result.exit_code == 0, result.output
    assert "'amal' now has 1.5x time" in result.output
    auth.login("amal")
    page = client.get("/modules/demo/quizzes/basics-quiz").get_data(as_text=True)
    assert "Time limit: 30 minutes" in page
    assert "You have 1.5x time: 45 minutes." in page
    attempt, _, kinds = attempt_row(app, start(client))
    assert attempt.deadline - attempt.started_at == timedelta(minutes=45)
    assert kinds == ["started"]


def test_no_extra_time_line_without_a_multiplier_and_no_limit_line_untimed(timed, app):
    page = timed.get("/modules/demo/quizzes/basics-quiz").get_data(as_text=True)
    assert "Time limit: 30 minutes" in page and "x time" not in page
    untimed = timed.get("/modules/demo/quizzes/more-quiz").get_data(as_text=True)
    assert "No time limit." in untimed


def test_extra_time_applies_to_attempts_started_later(app, timed, runner):
    first = start(timed)
    runner.invoke(args=["quiz", "set-extra-time", "amal", "2"])
    attempt, _, _ = attempt_row(app, first)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=30)  # unchanged


def test_page_shows_the_deadline_without_script_and_remaining_seconds_for_it(app, timed):
    attempt_id = start(timed)
    html = timed.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    remaining = int(re.search(r'data-remaining-seconds="(\d+)"', html).group(1))
    assert 29 * 60 < remaining <= 30 * 60
    attempt, _, _ = attempt_row(app, attempt_id)
    assert f'<time datetime="{attempt.deadline.isoformat()}">' in html
    assert attempt.deadline.strftime("%H:%M UTC") in html
    assert "min left when this page was loaded" in html
    saved = autosave(timed, attempt_id, {"basics-count": ["a"]}, 0)
    assert 29 * 60 < saved.json["remaining_seconds"] <= 30 * 60


def test_a_save_in_the_grace_period_is_accepted(app, timed):
    attempt_id = start(timed)
    move_deadline(app, attempt_id, GRACE - timedelta(seconds=20))
    response = autosave(timed, attempt_id, {"basics-count": ["b"]}, 0)
    assert response.status_code == 200 and response.json["remaining_seconds"] == 0
    form = post(timed, f"/attempts/{attempt_id}", {"q-basics-check": ["a", "b", "d"],
                                                   "action": "submit", "sequence": 1})
    assert form.headers["Location"] == f"/attempts/{attempt_id}/result"
    attempt, _, kinds = attempt_row(app, attempt_id)
    assert (attempt.earned, attempt.auto_submitted) == (4, False)
    assert kinds == ["started", "saved", "submitted"]


def test_a_save_after_the_grace_period_is_refused_and_the_attempt_submitted(app, timed):
    attempt_id = start(timed)
    autosave(timed, attempt_id, {"basics-count": ["b"]}, 0)  # right: 1 point
    move_deadline(app, attempt_id, GRACE + timedelta(seconds=5))
    response = autosave(timed, attempt_id, {"basics-check": ["a", "b", "d"]}, 1)
    assert response.status_code == 409
    assert response.json["status"] == "time_up"
    assert response.json["result_url"] == f"/attempts/{attempt_id}/result"
    attempt, answers, kinds = attempt_row(app, attempt_id)
    assert (attempt.status, attempt.auto_submitted, attempt.earned) == ("submitted", True, 1)
    assert answers == {"basics-count": ["b"], "basics-check": None, "basics-purpose": None}
    assert attempt.submitted_at == attempt.deadline + GRACE
    assert kinds == ["started", "saved", "refused_late", "auto_submitted"]
    result = timed.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "The time limit ran out" in result


def test_a_late_form_submit_is_graded_with_the_saved_answers_only(app, timed):
    attempt_id = start(timed)
    post(timed, f"/attempts/{attempt_id}", {"q-basics-count": "b", "action": "save"})
    move_deadline(app, attempt_id, GRACE + timedelta(minutes=3))
    response = post(timed, f"/attempts/{attempt_id}", {
        **{f"q-{q}": v for q, v in KEYS.items()}, "action": "submit", "sequence": 1})
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result"
    result = timed.get(response.headers["Location"]).get_data(as_text=True)
    assert "The time limit has passed, so this attempt was submitted" in result
    attempt, _, kinds = attempt_row(app, attempt_id)
    assert (attempt.earned, attempt.auto_submitted) == (1, True)
    assert kinds[-2:] == ["refused_late", "auto_submitted"]


@pytest.mark.parametrize("url", ["/attempts/{id}", "/attempts/{id}/result", "/",
                                 "/modules/demo/quizzes/basics-quiz"])
def test_an_overdue_attempt_is_submitted_on_the_next_request_that_touches_it(app, timed, url):
    attempt_id = start(timed)
    autosave(timed, attempt_id, {"basics-count": ["b"]}, 0)
    move_deadline(app, attempt_id, GRACE + timedelta(seconds=1))
    response = timed.get(url.format(id=attempt_id))
    assert response.status_code in (200, 302)
    attempt, _, kinds = attempt_row(app, attempt_id)
    assert (attempt.status, attempt.auto_submitted, attempt.earned) == ("submitted", True, 1)
    assert kinds[-1] == "auto_submitted"


def test_opening_an_overdue_attempt_leads_to_its_result_with_a_message(app, timed):
    attempt_id = start(timed)
    move_deadline(app, attempt_id, GRACE + timedelta(seconds=1))
    response = timed.get(f"/attempts/{attempt_id}")
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result"
    assert "The time limit has passed" in timed.get(response.headers["Location"]).get_data(
        as_text=True)


def test_starting_again_after_time_ran_out_closes_the_old_attempt(app, timed):
    first = start(timed)
    move_deadline(app, first, GRACE + timedelta(seconds=1))
    second = start(timed)
    assert second != first
    old, _, _ = attempt_row(app, first)
    new, _, _ = attempt_row(app, second)
    assert (old.status, old.auto_submitted, new.status) == ("submitted", True, "open")


def test_close_overdue_command_closes_only_overdue_attempts(app, make_user, runner, imported):
    set_time_limit(app, 30)
    clients = {}
    for name in ("late", "in-grace", "on-time"):
        make_user(username=name)
        clients[name] = app.test_client()
        post(clients[name], "/login", {"username": name, "password": PASSWORD})
    ids = {name: start(client) for name, client in clients.items()}
    untimed = start(clients["late"], "more-quiz")
    move_deadline(app, ids["late"], GRACE + timedelta(seconds=1))
    move_deadline(app, ids["in-grace"], GRACE - timedelta(seconds=20))
    result = runner.invoke(args=["quiz", "close-overdue"])
    assert result.exit_code == 0
    assert result.output.strip() == f"Closed 1 overdue attempt(s): {ids['late']}."
    statuses = {name: attempt_row(app, i)[0].status for name, i in ids.items()}
    assert statuses == {"late": "submitted", "in-grace": "open", "on-time": "open"}
    assert attempt_row(app, untimed)[0].status == "open"
    again = runner.invoke(args=["quiz", "close-overdue"])
    assert again.output.strip() == "Closed 0 overdue attempt(s)."


@pytest.mark.parametrize("args, code, message", [
    (["amal", "0.5"], 1, "Extra time must be a multiplier from 1 to 4"),
    (["amal", "5"], 1, "Extra time must be a multiplier from 1 to 4"),
    (["amal", "nan"], 1, "Extra time must be a multiplier"),
    (["nobody", "1.5"], 1, "There is no user 'nobody'."),
    (["amal", "lots"], 2, "is not a valid float"),
])
def test_set_extra_time_refuses_bad_input(app, make_user, runner, args, code, message):
    make_user(username="amal")
    result = runner.invoke(args=["quiz", "set-extra-time", *args])
    assert result.exit_code == code
    assert message in result.output


def test_the_pages_time_up_submit_grades_the_answers_that_fit(app, timed):
    """The countdown's automatic submit carries time_up=1: an answer that does not fit is
    left out (and named in the audit trail) instead of stopping the submission."""
    attempt_id = start(timed)
    response = post(timed, f"/attempts/{attempt_id}", {
        "q-basics-count": KEYS["basics-count"], "q-basics-check": ["a", "zz"],
        "action": "submit", "time_up": "1"})
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result"
    attempt, answers, kinds = attempt_row(app, attempt_id)
    assert attempt.status == "submitted" and not attempt.auto_submitted
    assert answers["basics-count"] == KEYS["basics-count"]
    assert answers["basics-check"] is None  # graded as unanswered
    assert kinds == ["started", "submitted"]
    with app.app_context():
        event = db.session.scalars(select(AttemptEvent).where(
            AttemptEvent.kind == "submitted")).one()
        assert event.detail["refused"] == ["basics-check"]


def test_a_submit_in_the_grace_period_grades_the_answers_that_fit(app, timed):
    attempt_id = start(timed)
    move_deadline(app, attempt_id, timedelta(seconds=5))  # past the deadline, within grace
    response = post(timed, f"/attempts/{attempt_id}", {
        "q-basics-count": KEYS["basics-count"], "q-basics-check": ["a", "zz"],
        "action": "submit"})
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result"
    attempt, answers, _ = attempt_row(app, attempt_id)
    assert attempt.status == "submitted"
    assert answers["basics-count"] == KEYS["basics-count"]


def test_before_the_deadline_a_refused_answer_stops_the_submit_to_be_corrected(app, timed):
    attempt_id = start(timed)
    response = post(timed, f"/attempts/{attempt_id}", {
        "q-basics-count": KEYS["basics-count"], "q-basics-check": ["a", "zz"],
        "action": "submit"})
    assert response.status_code == 422
    assert "Your attempt was not submitted" in response.get_data(as_text=True)
    attempt, answers, kinds = attempt_row(app, attempt_id)
    assert attempt.status == "open" and answers == {"basics-count": KEYS["basics-count"]}
    assert kinds == ["started", "saved"]
