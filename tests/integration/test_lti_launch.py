"""LTI launches from the fake LMS through the Flask client: the account linked by the LMS's
`sub`, roles, the course as a cohort owned by its instructors, where people land, and the
cookies and framing that let the pages work inside the LMS's iframe."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp.config import DEFAULT_SITE_NAME
from quizapp.extensions import db
from quizapp.models import (
    Cohort,
    CohortInstructor,
    CohortMember,
    LtiContext,
    LtiGradeOutbox,
    LtiUser,
    User,
)
from tests.helpers.lti import INSTRUCTOR, LMS, MEMBERSHIP, SCHOOL
from tests.helpers.web import KEYS, post, start, submit


def _user(app, sub: str) -> User:
    with app.app_context():
        return db.session.scalar(select(User).join(LtiUser, LtiUser.user_id == User.id)
                                 .where(LtiUser.sub == sub))


def test_a_learner_launch_makes_an_account_and_lands_on_the_linked_quiz(app, client, registered):
    response = registered.launch(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/modules/demo/quizzes/basics-quiz")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Basics" in page.get_data(as_text=True)
    user = _user(app, "lms-user-1")
    assert user.role == "student" and user.username.startswith("maria.lopez.")
    with app.app_context():
        course = db.session.scalar(select(LtiContext))
        assert course.title == "NUR 301 Adult Health"
        cohort = db.session.get(Cohort, course.cohort_id)
        assert cohort.instructor_id is None and cohort.name == "NUR 301 Adult Health"
        assert db.session.scalar(select(CohortMember.user_id)) == user.id


def test_the_same_sub_is_the_same_account_and_a_same_name_is_not(app, client, registered):
    registered.launch(client)
    registered.launch(client, name="Maria López-Smith")  # renamed in the LMS: same person
    registered.launch(client, sub="lms-user-2")  # same name, another person
    with app.app_context():
        links = db.session.execute(select(LtiUser.sub, LtiUser.name, LtiUser.user_id)
                                   .order_by(LtiUser.sub)).all()
        assert [(s, n) for s, n, _ in links] == [("lms-user-1", "Maria López-Smith"),
                                                 ("lms-user-2", "Maria López")]
        assert links[0].user_id != links[1].user_id
        assert db.session.scalar(select(func.count(User.id))) == 2


def test_an_lms_account_cannot_log_in_with_a_password(app, client, registered, auth):
    registered.launch(client)
    user = _user(app, "lms-user-1")
    other = app.test_client()
    response = other.post("/login", data={"username": user.username, "password": "!lti"})
    assert response.status_code == 400


def test_instructors_own_the_course_cohort_and_see_its_students(app, client, registered):
    registered.launch(client)  # a learner first: the course exists before any instructor
    teacher = app.test_client()
    response = registered.launch(teacher, sub="teacher-1", name="Dr Ada Okafor",
                                 roles=INSTRUCTOR)
    assert response.status_code == 303
    ta = app.test_client()
    registered.launch(ta, sub="ta-1", name="Tom Assistant",
                      roles=[MEMBERSHIP.replace("#", "/Instructor#") + "TeachingAssistant"])
    with app.app_context():
        owners = db.session.scalars(select(User.role).join(
            CohortInstructor, CohortInstructor.user_id == User.id)).all()
        assert owners == ["instructor", "instructor"]
    gradebook = teacher.get("/instructor/").get_data(as_text=True)
    assert _user(app, "lms-user-1").username in gradebook
    assert ta.get("/instructor/").status_code == 200


def test_an_instructor_of_one_course_does_not_see_another_courses_students(app, client,
                                                                          registered):
    registered.launch(client)
    teacher = app.test_client()
    registered.launch(teacher, sub="teacher-2", roles=INSTRUCTOR,
                      **{"https://purl.imsglobal.org/spec/lti/claim/context":
                         {"id": "course-2", "title": "Another course"}})
    gradebook = teacher.get("/instructor/").get_data(as_text=True)
    assert _user(app, "lms-user-1").username not in gradebook


def test_a_role_with_no_place_here_is_refused_without_an_account(app, client, registered):
    response = registered.launch(client, roles=[MEMBERSHIP + "Mentor"])
    assert response.status_code == 400
    assert "Mentor" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_the_lms_session_cookie_works_in_a_cross_site_iframe(client, registered):
    response = registered.launch(client)
    cookie = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("session="))
    assert "SameSite=None" in cookie and "Secure" in cookie and "Partitioned" in cookie


def test_a_password_session_keeps_lax_cookies_and_no_framing(client, make_user, auth):
    make_user(username="plain")
    response = auth.login("plain")
    cookie = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("session="))
    assert "SameSite=Lax" in cookie and "Partitioned" not in cookie
    page = client.get("/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_pages_of_an_lms_session_may_be_framed_by_that_lms_only(client, registered):
    registered.launch(client)
    page = client.get("/")
    policy = page.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {LMS} {SCHOOL}" in policy
    assert "X-Frame-Options" not in page.headers


def test_a_browser_that_blocks_cookies_in_frames_is_offered_a_new_window(app, registered):
    blocked = app.test_client(use_cookies=False)
    response = blocked.get(f"/lti/login?iss={LMS}&login_hint=x&client_id="
                           f"{registered.client_id}")
    assert response.status_code == 303 and "cookie_check=1" in response.headers["Location"]
    page = blocked.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"Open {DEFAULT_SITE_NAME} in a new window" in html
    assert 'target="_blank"' in html and "new_window=1" in html
    assert f"frame-ancestors 'self' {LMS}" in page.headers["Content-Security-Policy"]
    link = re.search(r'href="([^"]*new_window=1[^"]*)"', html).group(1)
    new_window = blocked.get(link.replace("&amp;", "&"))
    assert new_window.status_code == 302
    assert new_window.headers["Location"].startswith(registered.login_url)


def test_instructor_without_a_linked_item_lands_on_the_course_page(app, client, registered):
    response = registered.launch(client, roles=INSTRUCTOR, **{
        "https://purl.imsglobal.org/spec/lti/claim/custom": None})
    assert "/instructor/lms/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "NUR 301 Adult Health" in page and "Sync the roster now" in page


def test_a_link_to_something_retired_lands_on_the_dashboard_with_a_note(client, registered):
    response = registered.launch(client, **{
        "https://purl.imsglobal.org/spec/lti/claim/custom": {"quizapp_target": "quiz:demo/gone"}})
    assert response.headers["Location"].endswith("/")
    assert "no longer in the course" in client.get("/").get_data(as_text=True)


def test_an_lms_session_is_a_device_session_that_log_out_everywhere_ends(app, client,
                                                                        registered):
    registered.launch(client)
    assert client.get("/account").status_code == 200  # listed among the devices
    other_device = app.test_client()
    registered.launch(other_device)
    assert post(other_device, "/logout/everywhere").status_code == 302
    assert client.get("/").status_code == 302  # this browser's LMS session ended too


def test_deleting_an_lms_account_removes_its_lms_links(app, client, runner, registered, lms):
    registered.accept_scores(lms)
    registered.launch(client)
    submit(client, start(client), KEYS)
    user = _user(app, "lms-user-1")
    result = runner.invoke(args=["quiz", "delete-user", user.username, "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        for model in (LtiUser, LtiGradeOutbox):
            assert db.session.scalar(select(func.count(model.id))) == 0, model.__name__
    again = app.test_client()
    registered.launch(again)  # the same LMS person later: a new account, not the deleted one
    assert _user(app, "lms-user-1").id != user.id
