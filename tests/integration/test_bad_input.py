"""Hostile or mistaken requests get a clear 400/403/404 and change nothing."""

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from quizapp.extensions import db
from quizapp.models import Attempt, Response
from tests.helpers.data import PASSWORD
from tests.helpers.web import KEYS, post, start, submit


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


# Beyond the range of an id column: 2**31 on PostgreSQL, 2**63 on SQLite (both are run).
HUGE_IDS = (str(2**31), str(2**63), str(2**64), "9" * 30, "0")


def _int_routes(app):
    """Every (rule, method) whose URL carries an <int:...> id."""
    return [(rule, method) for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
            if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_ids_beyond_the_integer_range_are_404_in_every_path(app, client, auth, make_user,
                                                            imported, role):
    make_user(role=role, username="amal")
    auth.login("amal")
    routes = _int_routes(app)
    assert len(routes) >= 8  # attempts, practice, students ...
    wrong = {}
    for rule, method in routes:
        for huge in HUGE_IDS:
            url = rule.rule
            for name in rule.arguments:
                url = url.replace(f"<int:{name}>", huge)
            response = client.get(url) if method == "GET" else post(client, url)
            if response.status_code != 404:
                wrong[f"{method} {url}"] = response.status_code
    assert wrong == {}


@pytest.mark.parametrize("cohort, status", [
    (str(2**31), 400), (str(2**63), 400), ("9" * 30, 400), ("-1", 400), ("1e3", 400),
    ("0", 400), (str(2**31 - 1), 404)])
def test_cohort_filters_beyond_the_integer_range_are_clear_errors(client, auth, make_user,
                                                                  imported, cohort, status):
    make_user(role="instructor", username="teach")
    auth.login("teach")
    for path in ("/instructor/", "/instructor/export/grades.csv",
                 "/instructor/export/responses.csv", "/instructor/stats",
                 "/instructor/stats/demo/basics-quiz", "/instructor/results"):
        response = client.get(f"{path}?cohort={cohort}", headers={"Accept": "text/html"})
        assert response.status_code == status, path
        assert ("cohort" in response.get_data(as_text=True).lower()), path


@pytest.mark.parametrize("target", [
    "/modules/demo%0d%0aSet-Cookie:%20x=1", "/%0aLocation:%20https://evil.example/",
    "/modules/demo%0d", "/x%7fy", "/%09/evil.example"])
def test_control_characters_in_next_never_reach_the_redirect(client, make_user, target):
    make_user(username="amal")
    response = post(client, f"/login?next={target}", {"username": "amal", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Set-Cookie: x" not in str(response.headers)


HOSTILE_TEXT = ["\x00", "a\x00b", "x" * 5000, "\r\n", "\ud800".encode("utf-8", "surrogatepass")
                .decode("utf-8", "replace"), "' OR 1=1 --", "<script>alert(1)</script>"]


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_hostile_account_forms_get_a_clear_answer_never_a_500(app, client, auth, make_user,
                                                              value):
    make_user(username="amal")
    for url, data in (("/login", {"username": value, "password": value}),
                      ("/signup", {"username": value, "password": value, "confirm": value})):
        response = post(client, url, data)
        assert response.status_code in (400, 429), (url, response.status_code)
        assert "<script>alert(1)" not in response.get_data(as_text=True)
    auth.login("amal")
    response = post(client, "/account/password", {"current": value, "password": value,
                                                  "confirm": value})
    assert response.status_code == 400
    assert auth.logout().status_code == 302
    assert auth.login("amal").status_code == 302  # nothing changed


@pytest.mark.parametrize("url", ["/modules/demo%00/lessons/basics", "/instructor/questions/a%00b",
                                 "/instructor/?cohort=1%00", "/modules/demo/quizzes/x%00y"])
def test_a_nul_anywhere_in_the_url_is_a_clear_400(client, auth, make_user, imported, url):
    make_user(role="instructor", username="teach")
    auth.login("teach")
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
