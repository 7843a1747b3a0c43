"""Grades back to the LMS (AGS) through the outbox: what is sent, exactly once per change,
never for practice, again after a better attempt or a regrade, retried while the LMS is down,
and visible to the instructor."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from html import unescape
from threading import Barrier

import jwt
import pytest
import requests
import responses
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti import claims as c
from quizapp.models import LtiGradeOutbox, LtiUser, Quiz
from quizapp.models.types import utcnow
from quizapp.services import attempts
from quizapp.services.learning import retakes
from quizapp.services.lti import sender
from tests.helpers.authoring import copy_bank, edit, take_quiz
from tests.helpers.lti import INSTRUCTOR, LINEITEM, LINEITEMS
from tests.helpers.web import KEYS, csrf_token, post, start, submit

# 1 1/3 of 3 marks: basics-check's +/- scoring gives a third of its mark for one right tick
WRONG = {"basics-count": ["c"], "basics-check": ["a"], "basics-purpose": ["true"]}


def drain(app, after: timedelta = timedelta(0)):
    """Send what is due, as the timer job does (optionally as if `after` had passed)."""
    with app.app_context():
        return sender.drain(None, app.config["SECRET_KEY"], clock=lambda: utcnow() + after)


def outbox(app) -> list[LtiGradeOutbox]:
    with app.app_context():
        rows = db.session.scalars(select(LtiGradeOutbox).order_by(LtiGradeOutbox.id)).all()
        db.session.expunge_all()
        return rows


def user_id(app, sub: str = "lms-user-1") -> int:
    with app.app_context():
        return db.session.scalar(select(LtiUser.user_id).where(LtiUser.sub == sub))


@pytest.fixture
def student(client, registered, lms):
    """A learner who opened the quiz from the LMS; the LMS takes scores."""
    registered.accept_scores(lms)
    assert registered.launch(client).status_code == 303
    return client


def test_a_submitted_quiz_sends_its_grade_with_every_ags_field_once(app, student, registered):
    attempt = start(student)
    submit(student, attempt, KEYS)
    [row] = outbox(app)
    assert (row.score_given, row.score_maximum, row.state) == (3, 3, "waiting")  # marks
    assert drain(app).sent == 1
    [score] = registered.scores
    body = score["body"]
    assert body["scoreGiven"] == 3 and body["scoreMaximum"] == 3
    assert body["activityProgress"] == "Completed"
    assert body["gradingProgress"] == "FullyGraded"
    assert body["userId"] == "lms-user-1" and body["timestamp"].startswith(
        str(row.graded_at.year))
    assert score["content_type"] == "application/vnd.ims.lis.v1.score+json"
    assert score["authorization"] == "Bearer token-1"
    assert outbox(app)[0].state == "sent"
    assert drain(app).total == 0 and len(registered.scores) == 1  # once


def test_the_token_request_is_signed_with_the_tools_published_key(app, student, registered,
                                                                  client):
    submit(student, start(student), KEYS)
    drain(app)
    [form] = registered.token_requests
    assert form["grant_type"] == ["client_credentials"]
    assert form["scope"] == [c.SCOPE_SCORE]
    assertion = form["client_assertion"][0]
    kid = jwt.get_unverified_header(assertion)["kid"]
    jwk = next(k for k in client.get("/lti/jwks").get_json()["keys"] if k["kid"] == kid)
    claims = jwt.decode(assertion, RSAAlgorithm.from_jwk(json.dumps(jwk)),
                        algorithms=["RS256"], audience=registered.token_url)
    assert claims["iss"] == claims["sub"] == registered.client_id


def test_the_grade_goes_out_right_after_the_response(app, student, registered):
    app.config["LTI_JOBS_AFTER_RESPONSE"] = True
    response = submit(student, start(student), KEYS)
    assert registered.scores == []  # not while the student waits for the result page
    response.close()  # the server has sent the response: its after-response jobs run
    assert len(registered.scores) == 1 and outbox(app)[0].state == "sent"


def test_practice_sets_never_send_and_only_a_changed_grade_is_sent_again(app, student,
                                                                        registered):
    submit(student, start(student), WRONG)
    drain(app)
    assert [s["body"]["scoreGiven"] for s in registered.scores] == [1.3333]
    with app.app_context():  # retake what I missed, all of it right this time
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "basics-quiz"))
        practice = retakes.start_missed(user_id(app), quiz_id=quiz.id)
        assert not practice.counts_toward_grade
        attempts.submit_attempt(user_id(app), practice.id, {
            "basics-count": ["b"], "basics-check": ["a", "b", "d"]})
    drain(app)
    assert len(registered.scores) == 1  # the practice set sent nothing
    submit(student, start(student), WRONG)  # same grade again: nothing to send
    assert drain(app).total == 0 and outbox(app)[0].version == 1
    submit(student, start(student), KEYS)  # a better attempt raises the grade
    drain(app)
    assert [s["body"]["scoreGiven"] for s in registered.scores] == [1.3333, 3]
    assert outbox(app)[0].version == 2


def test_a_regrade_updates_the_lms(app, runner, student, registered, tmp_path):
    bank = copy_bank(tmp_path)
    assert runner.invoke(args=["quiz", "import", str(bank)]).exit_code == 0
    submit(student, start(student), {**KEYS, "basics-count": ["c"]})  # 2 of 3 marks
    drain(app)
    edit(bank / "demo" / "01-basics.yaml", "      key: b\n", "      key: c\n")
    assert runner.invoke(args=["quiz", "import", str(bank)]).exit_code == 0
    assert runner.invoke(args=["quiz", "regrade", "basics-count"]).exit_code == 0
    assert drain(app).sent == 1
    assert [s["body"]["scoreGiven"] for s in registered.scores] == [2, 3]


def test_an_lms_that_is_down_is_tried_again_later_with_backoff(app, student, registered, lms):
    lms.replace("POST", f"{LINEITEM}/scores", status=503, body="maintenance")
    submit(student, start(student), KEYS)
    report = drain(app)
    assert (report.sent, report.waiting) == (0, 1)
    [row] = outbox(app)
    assert row.state == "waiting" and row.tries == 1
    assert "503" in row.last_error and "maintenance" in row.last_error
    assert timedelta(seconds=25) < row.next_try_at - utcnow() <= timedelta(seconds=31)
    assert drain(app).total == 0  # not due yet
    lms.replace("POST", f"{LINEITEM}/scores", status=503)
    assert drain(app, after=timedelta(seconds=31)).waiting == 1
    [row] = outbox(app)
    assert row.tries == 2 and row.next_try_at - utcnow() > timedelta(seconds=60)
    registered.accept_scores(lms)
    lms.remove("POST", f"{LINEITEM}/scores")
    registered.accept_scores(lms)
    assert drain(app, after=timedelta(minutes=5)).sent == 1
    assert outbox(app)[0].state == "sent" and outbox(app)[0].last_error == ""


def test_a_timeout_waits_and_a_refusal_fails_with_its_reason(app, student, registered, lms,
                                                           client):
    lms.replace("POST", f"{LINEITEM}/scores", body=requests.exceptions.ReadTimeout())
    submit(student, start(student), KEYS)
    drain(app)
    assert "did not answer in time" in outbox(app)[0].last_error
    lms.replace("POST", f"{LINEITEM}/scores", status=422,
                json={"errors": {"type": "user not found in course"}})
    drain(app, after=timedelta(minutes=1))
    [row] = outbox(app)
    assert row.state == "failed" and "422" in row.last_error
    assert "user not found in course" in row.last_error


def test_a_grade_fails_for_good_after_the_last_try(app, student, registered, lms):
    lms.replace("POST", f"{LINEITEM}/scores", status=500)
    submit(student, start(student), KEYS)
    for hour in range(1, 13):
        drain(app, after=timedelta(days=hour))
    [row] = outbox(app)
    assert row.state == "failed" and row.tries == 12


def test_the_instructor_sees_sent_waiting_and_failed_grades_and_can_retry(
        app, student, registered, lms):
    submit(student, start(student), KEYS)
    lms.replace("POST", f"{LINEITEM}/scores", status=400, body="bad score")
    drain(app)
    teacher = app.test_client()
    response = registered.launch(teacher, sub="teacher-1", roles=INSTRUCTOR,
                                 **{c.CUSTOM: None})
    page = teacher.get(response.headers["Location"])
    html = unescape(page.get_data(as_text=True))
    assert "state-failed" in html and "400" in html and "bad score" in html
    assert "3 / 3" in html
    listing = unescape(teacher.get("/instructor/lms").get_data(as_text=True))
    assert "NUR 301 Adult Health" in listing
    retried = post(teacher, response.headers["Location"] + "/retry")
    assert retried.status_code == 302
    assert outbox(app)[0].state == "waiting"
    lms.remove("POST", f"{LINEITEM}/scores")
    registered.accept_scores(lms)
    drain(app)
    html = unescape(teacher.get(response.headers["Location"]).get_data(as_text=True))
    assert "state-sent" in html


def test_a_link_without_a_line_item_gets_one_made_once(app, client, registered, lms):
    ags = {"scope": [c.SCOPE_LINEITEM, c.SCOPE_SCORE], "lineitems": LINEITEMS}
    made = f"{LINEITEMS}/99"
    lms.add(responses.GET, LINEITEMS, json=[])
    lms.add(responses.POST, LINEITEMS, json={"id": made, "scoreMaximum": 3})
    registered.accept_scores(lms, url=made)
    for sub, browser in (("lms-user-1", client), ("lms-user-2", app.test_client())):
        registered.launch(browser, sub=sub, **{c.AGS_ENDPOINT: ags})
        submit(browser, start(browser), KEYS)
    assert drain(app).sent == 2
    creations = [call for call in lms.calls
                 if call.request.method == "POST" and call.request.url == LINEITEMS]
    assert len(creations) == 1
    created = json.loads(creations[0].request.body)
    assert created["resourceLinkId"] == "link-basics-quiz" and created["scoreMaximum"] == 3
    assert len(registered.scores) == 2


def test_no_grade_is_kept_for_an_lms_that_gives_no_score_scope(app, client, registered):
    registered.launch(client, **{c.AGS_ENDPOINT: {"scope": [c.SCOPE_RESULT_READ],
                                                  "lineitem": LINEITEM}})
    submit(client, start(client), KEYS)
    assert outbox(app) == []


def test_a_removed_lms_gets_nothing_more_and_says_why(app, runner, student, registered):
    submit(student, start(student), KEYS)
    assert runner.invoke(args=["quiz", "lti", "remove", registered.name]).exit_code == 0
    assert drain(app).failed == 1
    assert "removed" in outbox(app)[0].last_error and registered.scores == []


def test_a_student_who_did_the_quiz_before_joining_the_course_is_sent_on_joining(
        app, registered, lms, make_user):
    registered.accept_scores(lms)
    browser = app.test_client()
    registered.launch(browser, **{c.CONTEXT: {"id": "course-0", "title": "Last term"}})
    submit(browser, start(browser), KEYS)
    assert outbox(app)[0].link_id  # graded for last term's link
    registered.launch(browser, **{c.RESOURCE_LINK: {"id": "link-2", "title": "Again"}})
    assert len(outbox(app)) == 2  # this term's link gets the grade the student already has


def test_the_send_outbox_command_drains_it(app, runner, student, registered):
    submit(student, start(student), KEYS)
    result = runner.invoke(args=["quiz", "lti", "send-outbox"])
    assert result.exit_code == 0 and "1 sent, 0 waiting" in result.output
    assert len(registered.scores) == 1


def test_grades_from_the_services_are_sent_too(app, registered, lms):
    registered.accept_scores(lms)
    browser = app.test_client()
    registered.launch(browser)
    with app.app_context():
        take_quiz(user_id(app), "basics-quiz", KEYS)
    assert drain(app).sent == 1


def test_two_racing_submits_and_two_racing_senders_send_one_score(app, student, registered):
    attempt = start(student)
    tabs = [student]
    cookie = student.get_cookie("session", domain="quizapp.test").value
    for _ in range(3):  # the same browser's other tabs: the same session cookie
        tab = app.test_client()
        tab.set_cookie("session", cookie, domain="quizapp.test")
        tabs.append(tab)
    tokens = [csrf_token(tab) for tab in tabs]
    replies = at_once(len(tabs), lambda i: tabs[i].post(f"/attempts/{attempt}", data={
        "csrf_token": tokens[i], "action": "submit",
        **{f"q-{qid}": values for qid, values in KEYS.items()}}))
    assert {r.status_code for r in replies} == {302}
    [row] = outbox(app)
    assert row.version == 1
    reports = at_once(2, lambda i: drain(app))
    assert sorted(r.sent for r in reports) == [0, 1]
    assert len(registered.scores) == 1 and outbox(app)[0].state == "sent"


def at_once(count: int, run):
    """run(i) for i in range(count), released together by a barrier."""
    barrier = Barrier(count)

    def go(i):
        barrier.wait()
        return run(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(go, range(count)))


def test_an_attempt_closed_when_its_time_ran_out_is_sent_too(app, student, registered):
    attempt = start(student)
    with app.app_context():
        from quizapp.models import Attempt
        row = db.session.get(Attempt, attempt)
        row.deadline = utcnow() - timedelta(hours=1)
        db.session.commit()
        assert attempts.close_overdue(user_id=user_id(app)) == [attempt]
    [row] = outbox(app)
    assert row.score_given == 0 and row.score_maximum == 3
    assert drain(app).sent == 1 and registered.scores[0]["body"]["scoreGiven"] == 0


def test_an_lms_that_is_down_is_not_tried_for_each_new_grade(app, student, registered, lms):
    lms.replace("POST", f"{LINEITEM}/scores", status=502)
    submit(student, start(student), KEYS)
    drain(app)
    other = app.test_client()
    registered.launch(other, sub="lms-user-2")
    submit(other, start(other), KEYS)  # a new grade while the LMS is known to be down
    posts = len([c for c in lms.calls if c.request.url == f"{LINEITEM}/scores"])
    assert drain(app).total == 0  # it waits with the others instead of timing out too
    assert len([c for c in lms.calls if c.request.url == f"{LINEITEM}/scores"]) == posts
    lms.remove("POST", f"{LINEITEM}/scores")
    registered.accept_scores(lms)
    assert drain(app, after=timedelta(minutes=1)).sent == 2


def test_a_grade_is_held_until_the_student_may_see_the_result(app, student, registered):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "basics-quiz"))
        quiz.review, quiz.closes_at = "after_close", utcnow() + timedelta(days=1)
        db.session.commit()
    submit(student, start(student), KEYS)
    report = drain(app)
    assert (report.sent, report.waiting) == (0, 1) and registered.scores == []
    [row] = outbox(app)
    assert row.tries == 0 and "Held until the student may see the result" in row.last_error
    assert drain(app, after=timedelta(minutes=11)).sent == 0  # still open: still held
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "basics-quiz"))
        quiz.closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert drain(app, after=timedelta(minutes=22)).sent == 1  # at the next look
    assert registered.scores[0]["body"]["scoreGiven"] == 3
