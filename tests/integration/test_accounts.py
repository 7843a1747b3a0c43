"""Accounts people manage themselves: log out here or everywhere, change a password, resets
by an instructor or the command line, and passwords that are refused."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import User, UserSession
from quizapp.models.types import utcnow
from tests.conftest import Auth
from tests.helpers.data import PASSWORD
from tests.helpers.history import cohort_with
from tests.helpers.web import post, start

NEW = "violet-kettle-harbour-7"


def logged_in(app, username: str, password: str = PASSWORD, agent: str = ""):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    assert Auth(client).login(username, password).status_code == 302
    return client


def session_count(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(UserSession.id)).join(
            User, User.id == UserSession.user_id).where(User.username == username))


# --- log out here, or everywhere -------------------------------------------------------------

def test_logging_out_on_a_lab_computer_does_not_end_the_exam_on_the_laptop(app, make_user,
                                                                           imported):
    make_user(username="amal")
    laptop = logged_in(app, "amal", agent="Mozilla/5.0 (Windows NT 10.0) Firefox/133.0")
    attempt_id = start(laptop)
    lab = logged_in(app, "amal", agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
    assert post(lab, "/logout").status_code == 302
    assert lab.get("/").status_code == 302  # the lab computer is logged out
    assert laptop.get(f"/attempts/{attempt_id}").status_code == 200  # the exam goes on
    saved = post(laptop, f"/attempts/{attempt_id}", {"q-basics-count": "b", "action": "save"})
    assert saved.status_code == 302 and "/login" not in saved.headers["Location"]
    assert session_count(app, "amal") == 1


def test_log_out_everywhere_ends_every_session(app, make_user):
    make_user(username="amal")
    laptop, phone = logged_in(app, "amal"), logged_in(app, "amal")
    response = post(phone, "/logout/everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert laptop.get("/").status_code == 302 and phone.get("/").status_code == 302
    assert session_count(app, "amal") == 0


def test_the_account_page_lists_this_device_and_the_others(app, make_user):
    make_user(username="amal")
    logged_in(app, "amal", agent="Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile")
    here = logged_in(app, "amal", agent="Mozilla/5.0 (Macintosh; Mac OS X 14_5) Safari/605.1")
    page = here.get("/account").get_data(as_text=True)
    assert "Chrome on Android" in page
    assert "Safari on Mac" in page and "<strong>this device</strong>" in page
    assert page.index("Safari on Mac") < page.index("Chrome on Android")  # this device first
    assert "Log out on this device" in page and "Log out everywhere" in page


def test_an_expired_session_row_opens_nothing(app, make_user):
    make_user(username="amal")
    client = logged_in(app, "amal")
    with app.app_context():
        db.session.execute(UserSession.__table__.update().values(
            expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.get("/").status_code == 302


# --- changing a password ---------------------------------------------------------------------

def change(client, current: str, new: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    return post(client, "/account/password", {"current": current, "password": new,
                                               "confirm": confirm or new})


def test_changing_the_password_needs_the_old_one_and_ends_the_other_sessions(app, make_user):
    make_user(username="amal")
    other, here = logged_in(app, "amal"), logged_in(app, "amal")
    refused = change(here, "not-my-password", NEW)
    assert refused.status_code == 400
    assert "Your current password is not right." in refused.get_data(as_text=True)
    assert other.get("/").status_code == 200  # nothing changed
    done = change(here, PASSWORD, NEW)
    assert done.status_code == 302 and done.headers["Location"] == "/account"
    assert "logged out on 1 other device" in here.get("/account").get_data(as_text=True)
    assert here.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # every other one ended
    assert Auth(app.test_client()).login("amal").status_code == 400  # the old password
    assert Auth(app.test_client()).login("amal", NEW).status_code == 302


@pytest.mark.parametrize("new, message", [
    ("amal", "at least 8 characters"),
    ("AmalAmal", "Choose a harder password"),
    ("password1", "Choose a harder password"),
    ("qwertyuiop", "Choose a harder password"),
    ("iloveyou2", "Choose a harder password"),
    (PASSWORD, "must differ from the current one"),
])
def test_weak_or_unchanged_new_passwords_are_refused(app, make_user, new, message):
    make_user(username="amal")
    here = logged_in(app, "amal")
    response = change(here, PASSWORD, new)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert Auth(app.test_client()).login("amal").status_code == 302  # unchanged


@pytest.mark.parametrize("password, message", [
    ("sunshine1", "Choose a harder password"),
    ("nadia2024", "Choose a harder password"),  # the username inside it
    ("nadianadia", "Repeats like"),
    ("Password123", "Choose a harder password"),
])
def test_sign_up_refuses_common_passwords_and_the_username(app, client, password, message):
    response = post(client, "/signup", {"username": "nadia", "password": password,
                                        "confirm": password})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_password_equal_to_the_username_is_refused(app, runner):
    result = runner.invoke(args=["quiz", "create-user", "longusername", "--password",
                                 "LongUsername"])
    assert result.exit_code == 1 and "must not be your username" in result.output


# --- resets without email --------------------------------------------------------------------

@pytest.fixture
def klass(app, make_user):  # type: ignore[no-untyped-def]
    teacher = make_user(role="instructor", username="ines")
    amal = make_user(username="amal")
    stranger = make_user(username="sol")
    make_user(role="instructor", username="otto")
    cohort_with(app, teacher.id, "Class", [amal.id])
    return {"amal": amal, "sol": stranger}


def reset(client, student_id: int) -> str:
    """Reset through the instructor's pages; returns the temporary password shown."""
    assert "Reset the password" in client.get(
        f"/instructor/students/{student_id}/reset-password").get_data(as_text=True)
    page = post(client, f"/instructor/students/{student_id}/reset-password")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return text.split('<p class="temporary-password"><code>', 1)[1].split("</code>", 1)[0]


def test_an_instructor_resets_a_student_of_their_cohort(app, klass):
    laptop = logged_in(app, "amal")
    ines = logged_in(app, "ines")
    temporary = reset(ines, klass["amal"].id)
    assert len(temporary) == 14 and temporary.count("-") == 2
    assert laptop.get("/").status_code == 302  # every session of amal ended
    assert Auth(app.test_client()).login("amal").status_code == 400  # the old password
    student = logged_in(app, "amal", temporary)
    for page in ("/", "/account", "/modules/demo/lessons/basics"):
        response = student.get(page)
        assert response.status_code == 302 and response.headers["Location"] == \
            "/account/password", page
    form = student.get("/account/password").get_data(as_text=True)
    assert "Choose a new password" in form and "Temporary password" in form
    assert change(student, temporary, NEW).status_code == 302
    assert student.get("/").status_code == 200
    assert Auth(app.test_client()).login("amal", temporary).status_code == 400  # used up


def test_instructors_reset_only_their_own_students(app, klass):
    otto = logged_in(app, "otto")
    for method in ("get", "post"):
        response = otto.get(f"/instructor/students/{klass['amal'].id}/reset-password") \
            if method == "get" else post(otto, f"/instructor/students/{klass['amal'].id}"
                                               f"/reset-password")
        assert response.status_code == 404
    student = logged_in(app, "sol")
    assert post(student, f"/instructor/students/{klass['amal'].id}/reset-password"
                ).status_code == 403
    assert Auth(app.test_client()).login("amal").status_code == 302  # unchanged


def test_a_temporary_password_expires(app, klass):
    temporary = reset(logged_in(app, "ines"), klass["amal"].id)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "amal"))
        assert user.must_change_password and user.password_expires_at is not None
        assert timedelta(days=2, hours=23) < user.password_expires_at - utcnow() \
            <= timedelta(days=3)
        user.password_expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = Auth(app.test_client()).login("amal", temporary)
    assert response.status_code == 400
    assert "temporary password has expired" in response.get_data(as_text=True)


def test_the_command_line_resets_any_account(app, runner, klass):
    result = runner.invoke(args=["quiz", "reset-password", "ines"])
    assert result.exit_code == 0, result.output
    temporary = result.output.split("Temporary password for 'ines': ", 1)[1].split()[0]
    client = logged_in(app, "ines", temporary)
    assert client.get("/instructor/").headers["Location"] == "/account/password"
    missing = runner.invoke(args=["quiz", "reset-password", "nobody"])
    assert missing.exit_code == 1 and "There is no user 'nobody'." in missing.output


def _session_cookie(response) -> str | None:
    return next((c for c in response.headers.getlist("Set-Cookie")
                 if c.startswith("session=")), None)


def test_a_session_in_use_is_extended_and_an_idle_one_ends(app, make_user):
    """Sessions last 12 hours from the last use (renewed at most every 6 hours), like the
    cookie: a student studying all day is not logged out at the 12th hour of a busy day. The
    cookie is sent again (with the new expiry) when the server extends the session, not on
    every reply."""
    make_user(username="amal")
    client = logged_in(app, "amal")
    client.get("/")  # shows (and so removes) the login's flash message
    assert _session_cookie(client.get("/")) is None  # nothing changed: no cookie re-sent
    with app.app_context():
        db.session.execute(UserSession.__table__.update().values(
            expires_at=utcnow() + timedelta(hours=5)))
        db.session.commit()
    renewed = client.get("/")
    assert renewed.status_code == 200
    cookie = _session_cookie(renewed)
    assert cookie is not None and "Expires=" in cookie
    expires = parsedate_to_datetime(cookie.split("Expires=", 1)[1].split(";", 1)[0])
    assert timedelta(hours=11, minutes=59) < expires - utcnow() <= timedelta(hours=12)
    with app.app_context():
        left = db.session.scalar(select(UserSession.expires_at)) - utcnow()
    assert timedelta(hours=11, minutes=59) < left <= timedelta(hours=12)
    with app.app_context():
        db.session.execute(UserSession.__table__.update().values(
            expires_at=utcnow() + timedelta(hours=7)))
        db.session.commit()
    unchanged = client.get("/")
    assert unchanged.status_code == 200 and _session_cookie(unchanged) is None
    with app.app_context():  # more than half left: no write
        left = db.session.scalar(select(UserSession.expires_at)) - utcnow()
    assert left <= timedelta(hours=7)
