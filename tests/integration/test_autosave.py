"""Autosave: each answer is committed as it is given, stale pages can't overwrite newer answers,
every outcome is on the attempt's audit trail, and nothing acknowledged is lost on resume."""

import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptEvent, Response
from tests.conftest import post
from tests.integration.helpers import autosave, sequence_on_page
from tests.integration.test_learner_flow import KEYS, start


@pytest.fixture
def student(client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    return client


def saved_answers(app, attempt_id):
    with app.app_context():
        return {r.question_id: r.answer for r in db.session.scalars(
            select(Response).where(Response.attempt_id == attempt_id))}


def events(app, attempt_id):
    with app.app_context():
        return [(e.kind, e.detail) for e in db.session.scalars(
            select(AttemptEvent).where(AttemptEvent.attempt_id == attempt_id)
            .order_by(AttemptEvent.id))]


def page_sequence(client, attempt_id):
    return sequence_on_page(client.get(f"/attempts/{attempt_id}").get_data(as_text=True))


def test_page_carries_the_sequence_script_and_autosave_url(student):
    attempt_id = start(student)
    html = student.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert sequence_on_page(html) == 0
    assert f'data-autosave-url="/attempts/{attempt_id}/answers"' in html
    assert '<script src="/static/attempt.js" defer></script>' in html
    assert re.search(r'id="save-status"[^>]*role="status" aria-live="polite"', html)
    assert "<script>" not in html  # no inline script: the CSP forbids it
    with student.get("/static/attempt.js") as script:
        assert script.status_code == 200 and "X-CSRFToken" in script.get_data(as_text=True)


def test_each_answer_is_committed_and_acknowledged_with_the_next_sequence(app, student):
    attempt_id = start(student)
    first = autosave(student, attempt_id, {"basics-count": ["c"]}, 0)
    assert first.status_code == 200
    assert first.json == {"status": "saved", "sequence": 1, "saved": ["basics-count"],
                          "refused": [], "message": "", "remaining_seconds": None}
    assert first.headers["Cache-Control"] == "no-store"
    second = autosave(student, attempt_id, {"basics-check": ["a", "d"]}, 1)
    assert second.json["sequence"] == 2
    assert saved_answers(app, attempt_id) == {"basics-count": ["c"], "basics-check": ["a", "d"]}
    # clearing a question (no option chosen; only its `shown` marker) is a save too
    autosave(student, attempt_id, {"basics-check": []}, 2)
    assert saved_answers(app, attempt_id)["basics-check"] == []
    assert page_sequence(student, attempt_id) == 3


def test_a_stale_save_is_refused_with_409_and_recorded_and_changes_nothing(app, student):
    attempt_id = start(student)
    autosave(student, attempt_id, {"basics-count": ["b"]}, 0)  # tab A, sequence now 1
    stale = autosave(student, attempt_id, {"basics-count": ["a"]}, 0)  # tab B, loaded at 0
    assert stale.status_code == 409
    assert stale.json["status"] == "stale" and stale.json["sequence"] == 1
    assert "changed in another tab or window" in stale.json["message"]
    assert stale.json["reload_url"] == f"/attempts/{attempt_id}?changed=1"
    assert saved_answers(app, attempt_id) == {"basics-count": ["b"]}
    assert events(app, attempt_id)[-1] == ("refused_stale", {
        "questions": ["basics-count"], "sent": 0, "current": 1})
    # the reload the script does explains what happened and shows the newest answer
    html = student.get(stale.json["reload_url"]).get_data(as_text=True)
    assert "Your answers were changed in another tab or window." in html
    assert re.search(r'name="q-basics-count" value="b" checked', html)
    # a future number (forged, or from a confused client) is refused as well
    assert autosave(student, attempt_id, {"basics-count": ["a"]}, 7).status_code == 409


def test_the_no_script_form_is_checked_too_and_shows_the_newest_answers(app, student):
    attempt_id = start(student)
    old_page = student.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    autosave(student, attempt_id, {"basics-count": ["b"]}, sequence_on_page(old_page))
    for action in ("save", "submit"):  # the back button's page, or a second tab's
        response = post(student, f"/attempts/{attempt_id}", {
            "q-basics-count": "a", "action": action, "sequence": sequence_on_page(old_page)})
        assert response.status_code == 409
        html = response.get_data(as_text=True)
        assert "the answers from this older page were not saved" in html
        assert re.search(r'name="q-basics-count" value="b" checked', html)
        assert sequence_on_page(html) == 1
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status == "open"
    assert saved_answers(app, attempt_id) == {"basics-count": ["b"]}
    # the current page's form goes through
    response = post(student, f"/attempts/{attempt_id}", {
        "q-basics-count": "a", "action": "submit", "sequence": 1})
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result"


def test_a_post_without_a_sequence_number_is_a_plain_save(app, student):
    """Older pages and scripts send none; the JSON endpoint requires one."""
    attempt_id = start(student)
    response = post(student, f"/attempts/{attempt_id}", {"q-basics-count": "c",
                                                        "action": "save"})
    assert response.status_code == 302
    refused = autosave(student, attempt_id, {"basics-count": ["a"]}, None)
    assert refused.status_code == 400 and "no sequence number" in refused.json["message"]
    assert saved_answers(app, attempt_id) == {"basics-count": ["c"]}


@pytest.mark.parametrize("sequence", ["-1", "x", "1e3", "²", "9" * 12])
def test_malformed_sequence_is_a_400(app, student, sequence):
    attempt_id = start(student)
    response = autosave(student, attempt_id, {"basics-count": ["a"]}, sequence)
    assert response.status_code == 400 and response.json["status"] == "error"
    assert saved_answers(app, attempt_id) == {}


def test_an_answer_that_does_not_fit_is_refused_in_words_and_changes_nothing(app, student):
    attempt_id = start(student)
    bad = autosave(student, attempt_id, {"basics-count": ["z"]}, 0)
    assert bad.status_code == 200
    assert bad.json["status"] == "refused" and bad.json["saved"] == []
    assert bad.json["sequence"] == 0  # nothing stored, so the page's number still holds
    assert bad.json["refused"] == [{
        "question": "basics-count", "number": 1, "part": None,
        "message": "Question 1: this answer does not fit the question as it is shown now. "
                   "Reload the page and answer it again."}]
    foreign = autosave(student, attempt_id, {"more-detail": ["a"]}, 0)
    assert foreign.json["refused"][0]["number"] == 0
    assert "not in this attempt" in foreign.json["refused"][0]["message"]
    assert saved_answers(app, attempt_id) == {}
    assert [kind for kind, _ in events(app, attempt_id)] == [
        "started", "refused_invalid", "refused_invalid"]
    assert events(app, attempt_id)[1][1] == {"questions": ["basics-count"], "via": "autosave"}


def test_mixed_valid_and_refused_answers_save_the_valid_ones(app, student):
    """One wrong tick must not cost another answer: the valid ones are committed, the
    sequence moves on, and the reply says which were refused and why."""
    attempt_id = start(student)
    reply = autosave(student, attempt_id, {"basics-count": ["a", "b"],
                                           "basics-check": ["a", "d"],
                                           "basics-purpose": ["true"]}, 0)
    assert reply.status_code == 200 and reply.json["status"] == "refused"
    assert reply.json["sequence"] == 1
    assert reply.json["saved"] == ["basics-check", "basics-purpose"]
    assert [(r["question"], r["number"]) for r in reply.json["refused"]] == [
        ("basics-count", 1)]
    assert reply.json["refused"][0]["message"].startswith("Question 1: choose only one answer.")
    assert reply.json["message"].startswith("Your answer to question 1 was not saved")
    assert saved_answers(app, attempt_id) == {"basics-check": ["a", "d"],
                                              "basics-purpose": ["true"]}
    assert events(app, attempt_id)[-1] == ("saved", {
        "questions": ["basics-check", "basics-purpose"], "sequence": 1, "via": "autosave",
        "refused": ["basics-count"]})
    # the next save, with the page's new number, goes through
    assert autosave(student, attempt_id, {"basics-count": ["c"]}, 1).json["status"] == "saved"


def test_json_errors_are_json_and_store_nothing(app, client, student, make_user):
    attempt_id = start(student)
    malformed = autosave(student, attempt_id, {"basics-count": ["x" * 201]}, 0)
    assert malformed.status_code == 400 and malformed.json["status"] == "error"
    # JSON even when the request does not ask for it: the endpoint is only for the script
    no_csrf = student.post(f"/attempts/{attempt_id}/answers",
                           data={"q-basics-count": "a", "sequence": "0"})
    assert no_csrf.status_code == 400 and no_csrf.json["status"] == "error"
    assert no_csrf.mimetype == "application/json"
    assert autosave(student, 999999, {"basics-count": ["a"]}, 0).status_code == 404
    assert saved_answers(app, attempt_id) == {}
    assert [kind for kind, _ in events(app, attempt_id)] == ["started"]


def test_logged_out_script_gets_401_not_the_login_page(app, client, auth, student):
    attempt_id = start(student)
    auth.logout()
    response = autosave(client, attempt_id, {"basics-count": ["a"]}, 0)
    assert response.status_code == 401
    assert "Your session has ended" in response.json["message"]
    bare = client.post(f"/attempts/{attempt_id}/answers", data={"sequence": "0"})
    assert bare.status_code in (400, 401) and bare.mimetype == "application/json"


def test_saving_a_submitted_attempt_says_where_the_result_is(app, student):
    attempt_id = start(student)
    post(student, f"/attempts/{attempt_id}", {"q-basics-count": "b", "action": "submit"})
    response = autosave(student, attempt_id, {"basics-count": ["a"]}, 2)
    assert response.status_code == 409
    assert response.json["status"] == "submitted"
    assert response.json["result_url"] == f"/attempts/{attempt_id}/result"
    assert saved_answers(app, attempt_id)["basics-count"] == ["b"]


def test_audit_trail_records_who_did_what_in_order(app, student):
    attempt_id = start(student)
    autosave(student, attempt_id, {"basics-count": ["a"]}, 0)
    post(student, f"/attempts/{attempt_id}", {"q-basics-count": "b", "action": "save",
                                              "sequence": 1})
    autosave(student, attempt_id, {"basics-count": ["c"]}, 0)  # stale
    post(student, f"/attempts/{attempt_id}", {**{f"q-{q}": v for q, v in KEYS.items()},
                                              "action": "submit", "sequence": 2})
    post(student, f"/attempts/{attempt_id}", {"action": "submit"})  # double click: no event
    assert events(app, attempt_id) == [
        ("started", {"questions": 3, "extra_time": 1.0, "deadline": None}),
        ("saved", {"questions": ["basics-count"], "sequence": 1, "via": "autosave"}),
        ("saved", {"questions": ["basics-count"], "sequence": 2, "via": "form"}),
        ("refused_stale", {"questions": ["basics-count"], "sent": 0, "current": 2}),
        ("submitted", {"earned": 5, "possible": 5}),
    ]
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        rows = db.session.scalars(select(AttemptEvent)).all()
        assert {e.user_id for e in rows} == {attempt.user_id}
        assert all(e.at is not None and e.at.tzinfo is not None for e in rows)


def test_a_closed_browser_resumes_the_open_attempt_with_every_saved_answer(app, student, auth):
    attempt_id = start(student)
    autosave(student, attempt_id, {"basics-count": ["c"]}, 0)
    autosave(student, attempt_id, {"basics-check": ["a", "b"]}, 1)
    # a new browser: no cookies, a fresh login
    browser = app.test_client()
    post(browser, "/login", {"username": "amal", "password": "correct-horse-9"})
    quiz_page = browser.get("/modules/demo/quizzes/basics-quiz").get_data(as_text=True)
    assert "Resume your attempt" in quiz_page
    assert start(browser) == attempt_id
    html = browser.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert re.search(r'name="q-basics-count" value="c" checked', html)
    assert re.search(r'name="q-basics-check" value="a" checked', html)
    assert re.search(r'name="q-basics-check" value="b" checked', html)
    assert sequence_on_page(html) == 2


def test_without_script_a_refused_submit_keeps_the_rest_and_submits_once_corrected(app,
                                                                                     student):
    attempt_id = start(student)
    refused = post(student, f"/attempts/{attempt_id}", {
        "q-basics-count": ["a", "b"], "q-basics-check": ["a", "d"], "c-basics-check": "high",
        "action": "submit", "sequence": 0})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Your attempt was not submitted." in html
    assert sequence_on_page(html) == 1  # the valid answer and the rating were saved
    assert re.search(r'name="q-basics-check" value="a" checked', html)
    assert re.search(r'name="c-basics-check" value="high" checked', html)
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status == "open"
        rated = db.session.scalar(select(Response.confidence).where(
            Response.question_id == "basics-check"))
    assert rated == "high"
    assert saved_answers(app, attempt_id) == {"basics-check": ["a", "d"]}
    done = post(student, f"/attempts/{attempt_id}", {"q-basics-count": "c", "action": "submit",
                                                     "sequence": 1})
    assert done.headers["Location"] == f"/attempts/{attempt_id}/result"
    again = post(student, f"/attempts/{attempt_id}", {"q-basics-count": "a", "action": "submit",
                                                      "sequence": 1})
    assert again.headers["Location"] == f"/attempts/{attempt_id}/result"  # exactly once
    assert [k for k, _ in events(app, attempt_id)] == ["started", "saved", "submitted"]
    assert saved_answers(app, attempt_id)["basics-count"] == ["c"]
