"""Cohorts: instructors create them with a join code; students join with it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Cohort, CohortMember
from quizapp.services.accounts import cohorts
from quizapp.services.errors import BadInput
from tests.helpers.web import post


def _create(client, name):
    return post(client, "/instructor/cohorts", {"name": name})


def test_instructor_creates_a_cohort_and_student_joins_with_the_code(app, client, auth,
                                                                       make_user):
    make_user(role="instructor", username="ines")
    student = make_user(username="sam")
    auth.login("ines")
    response = _create(client, "  Spring   2026 ")
    assert response.status_code == 302
    page = client.get("/instructor/cohorts").get_data(as_text=True)
    assert "Spring 2026" in page
    auth.logout()
    auth.login("sam")
    with app.app_context():
        code = db.session.execute(select(Cohort.join_code)).scalar_one()
    typed = f" {code[:5].lower()} - {code[5:]} "  # lower case, spaces, a dash: still accepted
    response = post(client, "/join", {"code": typed})
    assert response.status_code == 302
    assert "You joined Spring 2026" in client.get("/").get_data(as_text=True)
    again = post(client, "/join", {"code": code})
    assert again.status_code == 302
    assert "already in Spring 2026" in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CohortMember).where(
            CohortMember.user_id == student.id)) == 1


def test_join_codes_are_long_random_and_unambiguous(app, make_user):
    teacher = make_user(role="instructor")
    with app.app_context():
        codes = {cohorts.create_cohort(teacher.id, f"group {i}").code for i in range(20)}
    assert len(codes) == 20
    for code in codes:
        raw = code.replace("-", "")
        assert len(raw) == 10 and set(raw) <= set(cohorts.CODE_ALPHABET)
        assert not set(raw) & set("01ILOU")


@pytest.mark.parametrize("code, message", [
    ("", "This field is required"),
    ("ABC", "A join code has 10"),
    ("0000000000", "A join code has 10"),
    ("22222-22222", "No cohort has this join code"),
])
def test_bad_codes_are_refused_clearly(client, auth, make_user, code, message):
    make_user(username="sam")
    auth.login("sam")
    response = post(client, "/join", {"code": code})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_only_students_join_and_only_instructors_create(app, client, auth, make_user):
    teacher = make_user(role="instructor", username="ines")
    student = make_user(username="sam")
    with app.app_context():
        info = cohorts.create_cohort(teacher.id, "A")
    auth.login("ines")
    assert post(client, "/join", {"code": info.code}).status_code == 403
    auth.logout()
    auth.login("sam")
    assert _create(client, "Mine").status_code == 403
    with app.app_context(), pytest.raises(cohorts.Forbidden):
        cohorts.create_cohort(student.id, "Mine")


def test_cohort_names_are_checked(app, client, auth, make_user):
    make_user(role="instructor", username="ines")
    auth.login("ines")
    assert _create(client, "Group B").status_code == 302
    duplicate = _create(client, "Group B")
    assert duplicate.status_code == 400
    assert "already have a cohort called" in duplicate.get_data(as_text=True)
    assert _create(client, "   ").status_code == 400
    assert _create(client, "x" * 101).status_code == 400
    assert _create(client, "bad\x00name").status_code == 400
    assert _create(client, "right\u202eto-left").status_code == 400
    with app.app_context(), pytest.raises(BadInput):
        cohorts.normalise_code("=cmd|' /C calc'!A0")


def test_dashboard_offers_the_join_form_to_students_only(client, auth, make_user, imported):
    make_user(username="sam")
    make_user(role="instructor", username="ines")
    auth.login("sam")
    assert 'action="/join"' in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login("ines")
    assert 'action="/join"' not in client.get("/").get_data(as_text=True)
