"""Access rules: students get 403 on every instructor page; instructors see only the students
of their own cohorts, everywhere (gradebook, student pages, exports, statistics, results)."""

from __future__ import annotations

import csv
import io

import pytest
from werkzeug.routing import IntegerConverter

from tests.helpers.history import RIGHT, WRONG, cohort_with, take
from tests.helpers.web import post


def _instructor_urls(app):
    """Every instructor route, with placeholder arguments, and its methods."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("instructor."):
            continue
        args = {name: (1 if isinstance(rule._converters[name], IntegerConverter)
                       else "x") for name in rule.arguments}
        path = rule.build(args)[1]
        out.append((path, sorted(rule.methods - {"HEAD", "OPTIONS"})))
    return out


def test_every_instructor_page_is_listed(app):
    paths = {p for p, _ in _instructor_urls(app)}
    assert {"/instructor/", "/instructor/cohorts", "/instructor/students/1", "/instructor/stats",
            "/instructor/stats/x/x", "/instructor/results", "/instructor/export/grades.csv",
            "/instructor/export/responses.csv"} <= paths


def test_students_get_403_on_every_instructor_page(app, client, auth, make_user, imported):
    make_user(username="sam")
    auth.login("sam")
    for path, methods in _instructor_urls(app):
        for method in methods:
            response = (client.get(path) if method == "GET" else post(client, path, {}))
            assert response.status_code == 403, (method, path)


def test_anonymous_visitors_are_sent_to_log_in(app, client):
    for path, methods in _instructor_urls(app):
        response = client.get(path) if "GET" in methods else post(client, path, {})
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


@pytest.fixture
def two_classes(app, make_user, imported):
    """Ines teaches amal and bo; Jo teaches cy. Everyone has taken the basics quiz."""
    ines = make_user(role="instructor", username="ines")
    jo = make_user(role="instructor", username="joan")
    amal, bo, cy = (make_user(username=n) for n in ("amal", "bob", "cyd"))
    cohort_with(app, ines.id, "Ines A", [amal.id])
    cohort_with(app, ines.id, "Ines B", [bo.id])
    other = cohort_with(app, jo.id, "Jo class", [cy.id])
    for user, answers in ((amal, RIGHT), (bo, WRONG), (cy, RIGHT)):
        take(app, user.id, "basics-quiz", answers)
    return {"ines": ines, "joan": jo, "amal": amal, "bo": bo, "cy": cy, "jo_cohort": other}


def test_instructors_see_only_their_cohorts_students(client, auth, two_classes):
    auth.login("ines")
    book = client.get("/instructor/").get_data(as_text=True)
    assert "amal" in book and "bob" in book and "cyd" not in book
    assert client.get(f"/instructor/students/{two_classes['amal'].id}").status_code == 200
    assert client.get(f"/instructor/students/{two_classes['cy'].id}").status_code == 404
    assert client.get(f"/instructor/students/{two_classes['ines'].id}").status_code == 404
    for path in ("/instructor/export/grades.csv", "/instructor/export/responses.csv"):
        rows = list(csv.DictReader(io.StringIO(client.get(path).get_data(as_text=True))))
        assert rows and {r["username"] for r in rows} == {"amal", "bob"}
    stats = client.get("/instructor/stats").get_data(as_text=True)
    assert "<td>2</td>" in stats  # two of Ines's students took the basics quiz, not three
    detail = client.get("/instructor/stats/demo/basics-quiz").get_data(as_text=True)
    assert "Based on 2 attempts" in detail


def test_a_cohort_filter_must_be_one_of_yours(client, auth, two_classes):
    auth.login("ines")
    foreign = two_classes["jo_cohort"].id
    for path in ("/instructor/", "/instructor/results", "/instructor/stats",
                 "/instructor/stats/demo/basics-quiz", "/instructor/export/grades.csv"):
        assert client.get(f"{path}?cohort={foreign}").status_code == 404, path
        assert client.get(f"{path}?cohort=abc").status_code == 400, path
    auth.logout()
    auth.login("joan")
    book = client.get(f"/instructor/?cohort={foreign}").get_data(as_text=True)
    assert "cyd" in book and "amal" not in book


def test_an_instructor_without_cohorts_sees_nobody(client, auth, make_user, two_classes):
    make_user(role="instructor", username="new")
    auth.login("new")
    assert "You have no cohorts yet" in client.get("/instructor/").get_data(as_text=True)
    rows = client.get("/instructor/export/responses.csv").get_data(as_text=True).splitlines()
    assert len(rows) == 1  # the header alone
