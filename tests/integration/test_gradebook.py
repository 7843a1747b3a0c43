"""The gradebook (students x lessons, sortable on the server) and the per-student page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Lesson
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.learning import progress
from quizapp.services.reports import gradebook
from tests.helpers.history import RIGHT, WRONG, cohort_with, take

HALF = {"basics-count": ["b"], "basics-check": ["a"], "basics-purpose": ["false"]}


@pytest.fixture
def klass(app, make_user, imported):
    teacher = make_user(role="instructor", username="ines")
    amal, bob, cyd = (make_user(username=n) for n in ("amal", "bob", "cyd"))
    cohort_with(app, teacher.id, "Class", [amal.id, bob.id, cyd.id])
    take(app, amal.id, "basics-quiz", WRONG)
    take(app, amal.id, "basics-quiz", RIGHT)
    take(app, bob.id, "basics-quiz", HALF)
    with app.app_context():
        basics = db.session.scalar(select(Lesson.id).where(Lesson.slug == "basics"))
        progress.mark_read(amal.id, basics)
    return {"teacher": teacher, "amal": amal, "bob": bob, "cyd": cyd}


def test_cells_hold_grade_attempts_completion_and_last_activity(app, klass):
    with app.app_context():
        book = gradebook.gradebook(Scope(klass["teacher"].id))
    assert [c.key for c in book.columns] == ["demo:basics-quiz", "demo:more-quiz",
                                             "demo:demo-final"]
    assert book.lesson_count == 2
    rows = {r.username: r for r in book.rows}
    amal = rows["amal"].cells[0]
    assert (amal.attempts, amal.grade_percent, amal.passed, amal.read, amal.complete) == (
        2, 100, True, True, True)
    assert rows["amal"].completed == 1 and rows["amal"].last_activity is not None
    bob = rows["bob"].cells[0]
    # Points 1 + 1 (plus-minus: a chosen, no wrong pick) + 0 of 1 + 3 + 1 = 2/5; in marks (1
    # each): 1 + 1/3 + 0 = 4/3 of 3 = 44%
    assert (bob.attempts, bob.grade_percent, bob.passed, bob.read, bob.complete) == (
        1, 44, False, False, False)
    cyd = rows["cyd"]
    assert cyd.cells[0].attempts == 0 and cyd.cells[0].grade_percent is None
    assert cyd.last_activity is None


def _order(client, query):
    page = client.get(f"/instructor/?{query}").get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/instructor/students/\d+">([a-z]+)</a>', page)


def test_sorting_happens_on_the_server(client, auth, klass):
    auth.login("ines")
    assert _order(client, "") == ["amal", "bob", "cyd"]
    assert _order(client, "sort=student&dir=desc") == ["cyd", "bob", "amal"]
    # Students with no score always come last, whichever the direction.
    assert _order(client, "sort=demo:basics-quiz&dir=asc") == ["bob", "amal", "cyd"]
    assert _order(client, "sort=demo:basics-quiz&dir=desc") == ["amal", "bob", "cyd"]
    assert _order(client, "sort=completed&dir=desc")[0] == "amal"
    assert _order(client, "sort=last&dir=asc")[-1] == "cyd"
    page = client.get("/instructor/?sort=demo:basics-quiz&dir=desc").get_data(as_text=True)
    assert 'aria-sort="descending"' in page


@pytest.mark.parametrize("query", ["sort=password", "dir=sideways", "sort=demo:nope"])
def test_bad_sort_parameters_are_400(client, auth, klass, query):
    auth.login("ines")
    response = client.get(f"/instructor/?{query}")
    assert response.status_code == 400


def test_student_page_shows_every_attempt_and_response(client, auth, klass):
    auth.login("ines")
    page = client.get(f"/instructor/students/{klass['amal'].id}").get_data(as_text=True)
    assert page.count("Basics quiz, attempt") == 2
    assert page.count("<code>basics-check</code> version 1") == 2
    assert "How many parts does the demo have?" in page
    assert "Answer: a, b, d" in page and "Answer: c" in page
    assert "3/3" in page and "0/3" in page
    # Results by tag, in marks (each item 1 mark): two attempts of three items, all wrong
    # then all right: 3 of 6 marks (in points it would be 5 of 10).
    assert re.search(r"Basics of the demo</th>\s*<td>6</td>\s*<td>3 / 6</td>", page)
    assert "Management of care" in page


def test_student_page_names_only_the_viewers_own_cohorts(app, client, auth, make_user, klass):
    other = make_user(role="instructor", username="otto")
    cohort_with(app, other.id, "Otto's private remediation group", [klass["amal"].id])
    auth.login("ines")
    page = client.get(f"/instructor/students/{klass['amal'].id}").get_data(as_text=True)
    assert "<li>Cohorts: Class</li>" in page
    assert "remediation" not in page
    auth.logout()
    auth.login("otto")
    page = client.get(f"/instructor/students/{klass['amal'].id}").get_data(as_text=True)
    assert "Cohorts: Otto&#39;s private remediation group</li>" in page
    assert "Class" not in page.split("<h1", 1)[1].split("</ul>", 1)[0]
