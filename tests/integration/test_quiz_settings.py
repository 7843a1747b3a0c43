"""Quiz settings: attempts allowed with extra attempts an instructor grants (audited),
availability with per-cohort windows set in the browser (audited), closing at the close time
with what was saved, and review options at each setting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AuditEvent, QuizWindow, Response
from tests.helpers.history import cohort_with
from tests.helpers.web import post, sequence_on_page
from tests.integration.exam_helpers import (
    RELAPSE_KEYS,
    ago,
    attempt_row,
    form_data,
    later,
    set_quiz,
    start_quiz,
)
from tests.integration.test_marks_results import take_relapse


def _start(client, slug="relapse-quiz"):  # type: ignore[no-untyped-def]
    return post(client, f"/modules/clinic/quizzes/{slug}/start")


def _flash_after(client, response) -> str:  # type: ignore[no-untyped-def]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_attempts_allowed_then_an_instructor_grants_one_more(app, client, auth, make_user,
                                                            clinic):
    amal = make_user(username="amal")
    ines = make_user(role="instructor", username="ines")
    cohort_with(app, ines.id, "Ward 4", [amal.id])
    set_quiz(app, clinic["relapse-quiz"], attempts_allowed=2)
    auth.login("amal")
    take_relapse(client, RELAPSE_KEYS)
    take_relapse(client, RELAPSE_KEYS)
    refused = _start(client)
    assert refused.status_code == 302
    page = _flash_after(client, refused)
    assert "You have used every attempt" in page and "Start a new attempt" not in page
    assert "Attempts allowed: 2 (0 left)" in page
    auth.logout()
    auth.login("ines")
    student_page = client.get(f"/instructor/students/{amal.id}").get_data(as_text=True)
    assert "Attempts allowed" in student_page
    granted = post(client, f"/instructor/students/{amal.id}/attempts",
                   {"quiz": clinic["relapse-quiz"], "extra": "1"})
    assert granted.status_code == 302
    assert "amal may now start 1 more attempt." in _flash_after(client, granted)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent))
        assert (event.actor_id, event.action, event.user_id, event.quiz_id, event.detail) == (
            ines.id, "granted_attempts", amal.id, clinic["relapse-quiz"], {"extra": 1})
    auth.logout()
    auth.login("amal")
    assert "Attempts allowed: 3 (1 left)" in client.get(
        "/modules/clinic/quizzes/relapse-quiz").get_data(as_text=True)
    assert "/attempts/" in _start(client).headers["Location"]


def test_an_instructor_cannot_grant_to_a_student_outside_their_cohorts(client, auth,
                                                                      make_user, clinic):
    amal = make_user(username="amal")
    make_user(role="instructor", username="ines")
    auth.login("ines")
    response = post(client, f"/instructor/students/{amal.id}/attempts",
                    {"quiz": clinic["relapse-quiz"], "extra": "1"})
    assert response.status_code == 404


def test_a_quiz_not_yet_open_or_closed_cannot_be_started(app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    quiz_id = clinic["relapse-quiz"]
    set_quiz(app, quiz_id, opens_at=later(60), closes_at=later(120))
    page = _flash_after(client, _start(client))
    assert "opens at" in page and "Start the quiz" not in page
    set_quiz(app, quiz_id, opens_at=ago(120), closes_at=ago(60))
    page = _flash_after(client, _start(client))
    assert "it can no longer be started" in page


def test_a_cohort_window_set_in_the_browser_opens_the_quiz_for_that_cohort(
        app, client, auth, make_user, clinic):
    amal, ben = make_user(username="amal"), make_user(username="ben")
    ines = make_user(role="instructor", username="ines")
    ward = cohort_with(app, ines.id, "Ward 4", [amal.id])
    cohort_with(app, ines.id, "Ward 5", [ben.id])
    quiz_id = clinic["relapse-quiz"]
    set_quiz(app, quiz_id, opens_at=ago(120), closes_at=ago(60))  # closed for everyone
    auth.login("ines")
    settings = client.get(f"/instructor/quizzes/{quiz_id}").get_data(as_text=True)
    assert "Ward 4" in settings and "Ward 5" in settings
    new_close = later(90).strftime("%Y-%m-%dT%H:%M")
    saved = post(client, f"/instructor/quizzes/{quiz_id}/cohorts/{ward.id}/window",
                 {f"c{ward.id}-closes": new_close, "action": "save"})
    assert saved.status_code == 302
    with app.app_context():
        window = db.session.scalar(select(QuizWindow))
        assert (window.cohort_id, window.opens_at) == (ward.id, None)
        assert window.closes_at.strftime("%Y-%m-%dT%H:%M") == new_close
        audit = db.session.scalar(select(AuditEvent))
        assert (audit.action, audit.cohort_id, audit.actor_id) == (
            "set_quiz_window", ward.id, ines.id)
    auth.logout()
    auth.login("amal")  # in Ward 4: open until the new close
    assert "/attempts/" in _start(client).headers["Location"]
    auth.logout()
    auth.login("ben")  # in Ward 5: still closed
    assert "can no longer be started" in _flash_after(client, _start(client))


def test_a_bad_window_is_refused_on_the_page(app, client, auth, make_user, clinic):
    ines = make_user(role="instructor", username="ines")
    ward = cohort_with(app, ines.id, "Ward 4", [])
    auth.login("ines")
    response = post(client, f"/instructor/quizzes/{clinic['relapse-quiz']}/cohorts/{ward.id}"
                            "/window", {f"c{ward.id}-opens": "2031-01-02T10:00",
                                        f"c{ward.id}-closes": "2031-01-01T10:00",
                                        "action": "save"})
    assert response.status_code == 400
    assert "The close time must be after the open time" in response.get_data(as_text=True)
    other = make_user(role="instructor", username="olga")
    auth.logout()
    auth.login("olga")
    assert other and post(client, f"/instructor/quizzes/{clinic['relapse-quiz']}/cohorts/"
                                  f"{ward.id}/window", {"action": "clear"}).status_code == 404


def test_an_attempt_open_at_the_close_is_submitted_with_what_was_saved(
        app, client, auth, make_user, runner, clinic):
    amal = make_user(username="amal")
    ines = make_user(role="instructor", username="ines")
    ward = cohort_with(app, ines.id, "Ward 4", [amal.id])
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    post(client, f"/attempts/{attempt_id}", form_data(
        {"rl-fever-symptoms": ["a"]}, action="save", sequence=sequence_on_page(page)))
    # The instructor moves the cohort's close to a minute ago: the open attempt follows it.
    auth.logout()
    auth.login("ines")
    closed = ago(5).strftime("%Y-%m-%dT%H:%M")
    post(client, f"/instructor/quizzes/{clinic['relapse-quiz']}/cohorts/{ward.id}/window",
         {f"c{ward.id}-closes": closed, "action": "save"})
    assert attempt_row(app, attempt_id).closes_at is not None
    result = runner.invoke(args=["quiz", "close-overdue"])
    assert result.exit_code == 0 and "1" in result.output
    row = attempt_row(app, attempt_id)
    assert (row.status, row.auto_submitted, row.earned) == ("submitted", True, 1)
    # recorded at the last moment a save was still accepted: the close plus the grace period
    assert row.closes_at is not None
    assert row.submitted_at == row.closes_at + timedelta(seconds=60)
    with app.app_context():
        assert db.session.scalar(select(Response.answer).where(
            Response.question_id == "rl-fever-symptoms")) == ["a"]
    auth.logout()
    auth.login("amal")
    result_page = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "The quiz closed, so this attempt was submitted" in result_page


def _result(client, attempt_id):  # type: ignore[no-untyped-def]
    return client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)


RATIONALE = "Fever with frequency fits."  # a rationale: shown only with the key
SCORE = "9 / 9 marks"
ANSWER_TEXT = "Your answer:"


def test_review_options_at_each_setting(app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    quiz_id = clinic["relapse-quiz"]
    attempt_id = take_relapse(client, RELAPSE_KEYS)
    seen = {}
    for when, shows in [("immediately", "key"), ("immediately", "responses"),
                        ("immediately", "score"), ("never", "key")]:
        set_quiz(app, quiz_id, review=when, review_shows=shows)
        page = _result(client, attempt_id)
        seen[(when, shows)] = (SCORE in page, ANSWER_TEXT in page or "Your answer" in page,
                               RATIONALE in page)
    assert seen == {("immediately", "key"): (True, True, True),
                    ("immediately", "responses"): (True, True, False),
                    ("immediately", "score"): (True, False, False),
                    ("never", "key"): (False, False, False)}
    set_quiz(app, quiz_id, review="never")
    assert "chosen not to show results" in _result(client, attempt_id)
    quiz_page = client.get("/modules/clinic/quizzes/relapse-quiz").get_data(as_text=True)
    assert "9/9" not in quiz_page and "Submitted" in quiz_page


def test_review_after_close_opens_once_the_quiz_closes_for_the_student(
        app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    quiz_id = clinic["relapse-quiz"]
    attempt_id = take_relapse(client, RELAPSE_KEYS)
    set_quiz(app, quiz_id, review="after_close", review_shows="key", closes_at=later(30))
    page = _result(client, attempt_id)
    assert SCORE not in page and RATIONALE not in page
    assert "Your results will be shown after the quiz closes" in page
    # While the key is held back, the study tools leave the quiz's questions out too.
    assert "Retake what I missed" not in page
    set_quiz(app, quiz_id, closes_at=ago(1))
    page = _result(client, attempt_id)
    assert SCORE in page and RATIONALE in page


def test_an_exams_key_stays_hidden_while_any_cohort_can_still_open_it(
        app, client, auth, make_user, clinic):
    amal = make_user(username="amal")
    ines = make_user(role="instructor", username="ines")
    ward = cohort_with(app, ines.id, "Ward 4", [])
    final = clinic["clinic-final"]
    set_quiz(app, final, opens_at=ago(60), closes_at=later(60))
    auth.login("amal")
    attempt_id = start_quiz(client, "clinic-final")
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    post(client, f"/attempts/{attempt_id}", form_data({}, action="submit",
                                                      sequence=sequence_on_page(page)))
    assert "once the exam has closed for everyone" in _result(client, attempt_id)
    set_quiz(app, final, closes_at=ago(1))
    with app.app_context():  # another cohort still has the exam open
        db.session.add(QuizWindow(quiz_id=final, cohort_id=ward.id, set_by=ines.id,
                                  closes_at=later(60)))
        db.session.commit()
    page = _result(client, attempt_id)
    assert "Rationale" not in page and "once the exam has closed for everyone" in page
    assert amal.id
    with app.app_context():
        db.session.query(QuizWindow).delete()
        db.session.commit()
    page = _result(client, attempt_id)
    assert "marks ·" in page and "Correct answer" in page  # now everyone is closed
