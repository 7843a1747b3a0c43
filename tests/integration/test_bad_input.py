"""Hostile or mistaken requests get a clear 400/403/404 and change nothing."""

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, Response
from tests.conftest import post
from tests.integration.test_learner_flow import KEYS, start, submit


def stored(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Response.id))),
                db.session.scalars(select(Attempt.status).order_by(Attempt.id)).all())


@pytest.fixture
def student(client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    return client


@pytest.mark.parametrize("field, value, status, message", [
    ("q-basics-count", "z", 422, "Question 1: this answer does not fit the question"),
    ("q-more-detail", "a", 422, "An answer was sent for a question that is not in this attempt"),
    ("q-nonexistent", "a", 422, "An answer was sent for a question that is not in this attempt"),
    ("q-basics-count", "x" * 201, 400, "is malformed"),
])
def test_bad_answers_are_refused_and_change_nothing_stored(app, student, field, value, status,
                                                           message):
    """A malformed post (400) stores nothing; an answer that does not fit (422) is refused
    alone: the valid answer beside it is saved, the refused one changes nothing."""
    attempt_id = start(student)
    post(student, f"/attempts/{attempt_id}", {"q-basics-count": "a", "action": "save"})
    for action in ("save", "submit"):
        response = post(student, f"/attempts/{attempt_id}", {
            "q-basics-purpose": "true", field: value, "action": action})
        assert response.status_code == status
        assert message in response.get_data(as_text=True)
    assert stored(app) == ((2 if status == 422 else 1), ["open"])
    assert saved(app)["basics-count"] == ["a"]


def saved(app):
    with app.app_context():
        return {r.question_id: r.answer for r in db.session.scalars(select(Response))}


def test_two_answers_to_a_single_choice_question_are_refused(app, student):
    attempt_id = start(student)
    response = post(student, f"/attempts/{attempt_id}", {
        "q-basics-count": ["a", "b"], "action": "submit"})
    assert response.status_code == 422
    assert "Question 1: choose only one answer." in response.get_data(as_text=True)
    assert stored(app) == (0, ["open"])


def test_unknown_action_is_refused(student):
    attempt_id = start(student)
    response = post(student, f"/attempts/{attempt_id}", {"action": "grade-me-100"})
    assert response.status_code == 400


def test_another_students_attempt_is_not_found_and_untouched(app, client, auth, make_user,
                                                              imported):
    make_user(username="owner")
    make_user(username="intruder")
    auth.login("owner")
    attempt_id = start(client)
    post(client, f"/attempts/{attempt_id}", {"q-basics-count": "a", "action": "save"})
    auth.logout()
    auth.login("intruder")
    for response in (
        client.get(f"/attempts/{attempt_id}"),
        client.get(f"/attempts/{attempt_id}/result"),
        post(client, f"/attempts/{attempt_id}", {"q-basics-count": "b", "action": "save"}),
        post(client, f"/attempts/{attempt_id}", {"action": "submit"}),
    ):
        assert response.status_code == 404
        assert "no such attempt" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Response.answer)) == ["a"]
        assert db.session.scalar(select(Attempt.status)) == "open"


def test_missing_csrf_token_on_submit_is_refused_and_nothing_graded(app, student):
    attempt_id = start(student)
    response = student.post(f"/attempts/{attempt_id}", data={"q-basics-count": "b",
                                                             "action": "submit"})
    assert response.status_code == 400
    assert stored(app) == (0, ["open"])


@pytest.mark.parametrize("url", [
    "/no-such-page", "/modules/demo/lessons/nope", "/modules/nope/lessons/basics",
    "/modules/demo/quizzes/nope", "/attempts/999999", "/attempts/abc",
    "/modules/demo/lessons/basics/figures/nope.svg",
])
def test_unknown_urls_are_clear_404s(student, url):
    response = student.get(url)
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_starting_an_unknown_quiz_is_404(student):
    assert post(student, "/modules/demo/quizzes/nope/start").status_code == 404


def test_get_on_post_only_route_is_405(student):
    assert student.get("/logout").status_code == 405


def test_double_submit_grades_once_and_shows_the_same_result(app, student):
    attempt_id = start(student)
    first = submit(student, attempt_id, KEYS)
    second = submit(student, attempt_id, {"basics-count": ["a"]})  # a retry, other answers
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.status, attempt.earned) == ("submitted", 5)
        assert db.session.scalar(select(Response.answer).where(
            Response.question_id == "basics-count")) == ["b"]
    saved = post(student, f"/attempts/{attempt_id}", {"q-basics-count": "a", "action": "save"})
    assert saved.headers["Location"].endswith(f"/attempts/{attempt_id}/result")
