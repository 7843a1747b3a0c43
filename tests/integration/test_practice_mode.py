"""Practice mode through the browser's eyes: one question per page, its feedback right after
checking it (never before), exactly-once completion, and the mode a student may choose."""

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, Response, ReviewCard
from tests.helpers.history import RIGHT, WRONG, import_practice_bank, take
from tests.helpers.web import attempt_id_from, options_on_page, post

RATIONALES = {  # one rationale per basics question, shown only once that question is checked
    "basics-count": "The demo is made of three parts.",
    "basics-check": "The focus box asks for checks.",
    "basics-purpose": "Correct; without tests nobody can check the demo works.",
}


@pytest.fixture
def student(app, client, auth, make_user, tmp_path):
    import_practice_bank(app, tmp_path)
    user = make_user(username="amal")
    auth.login("amal")
    return user


def start_practice(client) -> int:
    response = post(client, "/modules/demo/quizzes/basics-quiz/start")
    attempt_id = attempt_id_from(response.headers["Location"])
    assert response.headers["Location"] == f"/attempts/{attempt_id}/practice"
    return attempt_id


def check(client, attempt_id, qid, answer, confidence=None):
    data = {"question": qid, f"q-{qid}": answer}
    if confidence:
        data[f"c-{qid}"] = confidence
    return post(client, f"/attempts/{attempt_id}/practice", data)


def stored(app):
    with app.app_context():
        return (db.session.scalars(select(Response.question_id).order_by(Response.id)).all(),
                db.session.scalars(select(Attempt.status)).all())


def test_practice_shows_one_question_then_its_feedback(app, client, student):
    attempt_id = start_practice(client)
    assert client.get(f"/attempts/{attempt_id}").headers["Location"].endswith("/practice")
    seen = []
    for number in (1, 2, 3):
        response = client.get(f"/attempts/{attempt_id}/practice")
        html = response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
        (qid,) = options_on_page(html)  # exactly one question on the page
        seen.append(qid)
        assert f"Question {number} of 3" in html and "How sure are you?" in html
        assert "Correct answer" not in html
        assert not any(r in html for r in RATIONALES.values())  # no key before answering
        # the feedback of a question not yet checked is not there either
        assert client.get(f"/attempts/{attempt_id}/practice/{number}").status_code == 404
        response = check(client, attempt_id, qid, RIGHT[qid], "high")
        assert response.headers["Location"] == f"/attempts/{attempt_id}/practice/{number}"
        feedback = client.get(response.headers["Location"]).get_data(as_text=True)
        assert RATIONALES[qid] in feedback and "Correct answer" in feedback
        assert "/modules/demo/lessons/basics#section-" in feedback
        others = [r for q, r in RATIONALES.items() if q not in seen]
        assert not any(r in feedback for r in others)
        assert ("Next question" in feedback) == (number < 3)
    assert seen == ["basics-count", "basics-check", "basics-purpose"]
    assert "See your result" in feedback
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.status, attempt.earned, attempt.possible, attempt.passed) == (
            "submitted", 5, 5, True)
    assert client.get(f"/attempts/{attempt_id}/practice").headers["Location"] == (
        f"/attempts/{attempt_id}/result")
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "3 / 3 marks · 100%" in result and "Passed (pass mark 50%)" in result
    assert "Best 100%" in client.get("/").get_data(as_text=True)  # a practice-mode quiz counts


def test_a_wrong_check_shows_the_key_and_a_confident_error(client, student):
    attempt_id = start_practice(client)
    response = check(client, attempt_id, "basics-count", ["a"], "high")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Incorrect" in html and "0/1 point" in html
    assert re.search(r'is-key">\s*<p class="option-text">Three', html)
    assert "A confident error." in html


def test_completion_happens_exactly_once(app, client, student):
    attempt_id = start_practice(client)
    for qid in ("basics-count", "basics-check"):
        check(client, attempt_id, qid, RIGHT[qid])
    last = check(client, attempt_id, "basics-purpose", ["false"])
    with app.app_context():
        first_time = db.session.get(Attempt, attempt_id).submitted_at
    again = check(client, attempt_id, "basics-purpose", ["false"])  # a double click
    assert again.status_code == 302 and again.headers["Location"] == last.headers["Location"]
    changed = check(client, attempt_id, "basics-purpose", ["true"])  # the key is known now
    assert changed.status_code == 409
    assert post(client, f"/attempts/{attempt_id}/practice/finish").status_code == 302
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.submitted_at, attempt.earned) == (first_time, 4)
        assert db.session.scalar(select(func.max(ReviewCard.reviews))) == 1  # graded once
        assert db.session.scalar(select(Response.answer).where(
            Response.question_id == "basics-purpose")) == ["false"]


def test_a_checked_answer_cannot_be_rewritten_through_the_test_form(app, client, student):
    attempt_id = start_practice(client)
    check(client, attempt_id, "basics-count", ["a"])
    for action in ("save", "submit"):
        response = post(client, f"/attempts/{attempt_id}",
                        {"q-basics-count": "b", "action": action})
        assert response.status_code == 422
        assert "already checked" in response.get_data(as_text=True)
    assert stored(app) == (["basics-count"], ["open"])


def test_checking_nothing_asks_for_an_answer(app, client, student):
    attempt_id = start_practice(client)
    response = post(client, f"/attempts/{attempt_id}/practice", {"question": "basics-count"})
    assert response.headers["Location"] == f"/attempts/{attempt_id}/practice"
    assert "Choose an answer" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert stored(app) == ([], ["open"])


@pytest.mark.parametrize("data, status, message", [
    ({"question": "more-detail", "q-more-detail": "a"}, 400, "not part of this attempt"),
    ({"question": "basics-count", "q-basics-count": "b", "c-basics-count": "extreme"}, 400,
     "must be one of low, medium, high"),
    ({"question": "basics-count", "q-basics-count": "z"}, 422,
     "Question 1: this answer does not fit the question as it is shown now."),
    ({"question": "basics-count", "q-basics-count": "b", "q-basics-purpose": "true"}, 400,
     "exactly one question"),
    ({"question": "basics-count", "q-basics-count": "b", "c-basics-purpose": "low"}, 400,
     "exactly one question"),
    ({"question": "", "q-basics-count": "b"}, 400, "exactly one question"),
])
def test_hostile_checks_are_refused_and_store_nothing(app, client, student, data, status,
                                                      message):
    attempt_id = start_practice(client)
    response = post(client, f"/attempts/{attempt_id}/practice", data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert stored(app) == ([], ["open"])


def test_another_students_practice_attempt_is_not_found(app, client, auth, student, make_user):
    attempt_id = start_practice(client)
    make_user(username="intruder")
    auth.logout()
    auth.login("intruder")
    assert client.get(f"/attempts/{attempt_id}/practice").status_code == 404
    assert check(client, attempt_id, "basics-count", ["b"]).status_code == 404
    assert post(client, f"/attempts/{attempt_id}/practice/finish").status_code == 404
    assert stored(app) == ([], ["open"])


def test_finishing_early_is_refused(app, client, student):
    attempt_id = start_practice(client)
    check(client, attempt_id, "basics-count", ["b"])
    assert post(client, f"/attempts/{attempt_id}/practice/finish").status_code == 409
    assert stored(app) == (["basics-count"], ["open"])


def test_a_test_mode_retake_may_be_taken_as_practice(app, client, auth, make_user, imported):
    user = make_user(username="amal")
    auth.login("amal")
    page = client.get("/modules/demo/quizzes/basics-quiz").get_data(as_text=True)
    assert 'name="mode"' not in page  # the first attempt is in the quiz's mode
    refused = post(client, "/modules/demo/quizzes/basics-quiz/start", {"mode": "practice"})
    assert refused.status_code == 400 and "choose on a retake" in refused.get_data(as_text=True)
    take(app, user.id, "basics-quiz", WRONG)
    page = client.get("/modules/demo/quizzes/basics-quiz").get_data(as_text=True)
    assert 'value="practice"' in page and "How do you want to take this attempt?" in page
    assert post(client, "/modules/demo/quizzes/basics-quiz/start",
                {"mode": "sneaky"}).status_code == 400
    response = post(client, "/modules/demo/quizzes/basics-quiz/start", {"mode": "practice"})
    assert response.headers["Location"].endswith("/practice")
    with app.app_context():
        modes = db.session.execute(select(Attempt.mode, Attempt.purpose)
                                   .order_by(Attempt.id)).all()
        assert [tuple(m) for m in modes] == [("test", "quiz"), ("practice", "quiz")]


def test_a_check_that_does_not_fit_comes_back_marked_at_the_question(app, client, student):
    attempt_id = start_practice(client)
    response = check(client, attempt_id, "basics-count", ["a", "b"], "low")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<p class="error-text answer-error" id="(q1-error)"[^>]*>([^<]+)</p>', html)
    assert error and error.group(2).startswith("Question 1: choose only one answer.")
    assert f'aria-describedby="{error.group(1)}"' in html
    assert 'role="alert">Your answer was not checked.' in html
    assert re.search(r'name="c-basics-count" value="low" checked', html)  # kept as sent
    assert stored(app) == ([], ["open"])
    assert check(client, attempt_id, "basics-count", ["a"]).status_code == 302
