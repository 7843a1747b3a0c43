"""Retake what I missed: exactly the questions whose latest answer fell short, as a practice
set that never changes the quiz's best or last score (dashboard and gradebook)."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.services.learning import retakes
from tests.helpers.history import PARTLY, RIGHT, WRONG, cohort_with, items_of, take
from tests.helpers.web import attempt_id_from, post


@pytest.fixture
def amal(client, auth, make_user, imported):
    user = make_user(username="amal")
    auth.login("amal")
    return user


def check(client, attempt_id, qid, answer):
    return post(client, f"/attempts/{attempt_id}/practice",
                {"question": qid, f"q-{qid}": answer})


def test_retake_from_a_result_draws_exactly_the_missed_questions(app, client, amal):
    first = take(app, amal.id, "basics-quiz",
                 {"basics-count": ["a"], **PARTLY, "basics-purpose": ["true"]})
    result = client.get(f"/attempts/{first}/result").get_data(as_text=True)
    assert "Retake what I missed" in result
    dashboard = client.get("/").get_data(as_text=True)
    assert "Best 56%" in dashboard and "Last 56%" in dashboard and "1 attempt<" in dashboard
    response = post(client, "/modules/demo/quizzes/basics-quiz/missed")
    retake = attempt_id_from(response.headers["Location"])
    assert response.headers["Location"] == f"/attempts/{retake}/practice"
    assert items_of(app, retake) == ["basics-count", "basics-check"]  # wrong and partly right
    with app.app_context():
        attempt = db.session.get(Attempt, retake)
        assert (attempt.mode, attempt.purpose) == ("practice", "missed")
    for qid in ("basics-count", "basics-check"):
        check(client, retake, qid, RIGHT[qid])
    result = client.get(f"/attempts/{retake}/result").get_data(as_text=True)
    assert "What I missed: Basics quiz" in result and "does not change your quiz scores" in result
    assert "Retake what I missed" not in result  # nothing left to retake
    dashboard = client.get("/").get_data(as_text=True)
    assert "Best 56%" in dashboard and "Last 56%" in dashboard and "1 attempt<" in dashboard
    quiz_page = client.get("/modules/demo/quizzes/basics-quiz").get_data(as_text=True)
    assert quiz_page.count("Review<span") == 1  # the practice set is not a quiz attempt
    # everything is now answered right: there is nothing to retake
    again = post(client, "/modules/demo/quizzes/basics-quiz/missed")
    assert again.headers["Location"] == "/modules/demo/quizzes/basics-quiz"
    assert "no missed questions" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_the_retake_does_not_reach_the_gradebook(app, client, auth, make_user, amal):
    take(app, amal.id, "basics-quiz", WRONG)
    retake = attempt_id_from(post(client, "/modules/demo/quizzes/basics-quiz/missed")
                             .headers["Location"])
    for qid in items_of(app, retake):
        check(client, retake, qid, RIGHT[qid])
    teacher = make_user(role="instructor", username="teacher")
    cohort_with(app, teacher.id, "Group A", [amal.id])
    auth.logout()
    auth.login("teacher")
    book = client.get("/instructor/").get_data(as_text=True)
    assert "amal" in book and "0%" in book and "100%" not in book


def test_module_retake_spans_lessons_and_uses_the_latest_answers(app, client, amal):
    take(app, amal.id, "basics-quiz", WRONG)
    take(app, amal.id, "basics-quiz", {**RIGHT, "basics-purpose": ["false"]})  # later, better
    take(app, amal.id, "more-quiz", {"more-detail": ["a"], "more-strict": ["a"]})
    with app.app_context():
        assert retakes.missed_questions(amal.id, module_id="demo") == [
            "basics-purpose", "more-strict"]
        assert retakes.missed_counts(amal.id) == {"demo": 2}
    dashboard = client.get("/").get_data(as_text=True)
    assert "Retake what I missed (2)" in dashboard
    response = post(client, "/modules/demo/missed")
    retake = attempt_id_from(response.headers["Location"])
    assert items_of(app, retake) == ["basics-purpose", "more-strict"]
    assert attempt_id_from(post(client, "/modules/demo/missed").headers["Location"]) == retake
    assert "Continue what I missed" in client.get("/").get_data(as_text=True)
    with app.app_context():
        attempt = db.session.get(Attempt, retake)
        assert (attempt.quiz_id, attempt.module_id, attempt.purpose) == (None, "demo", "missed")
    check(client, retake, "basics-purpose", ["true"])
    check(client, retake, "more-strict", ["a"])  # still wrong
    result = client.get(f"/attempts/{retake}/result").get_data(as_text=True)
    assert "What I missed: Demo module" in result and "Retake the quiz" not in result
    assert "/modules/demo/lessons/basics#section-purpose" in result
    assert "/modules/demo/lessons/more#section-detail" in result
    assert 'action="/modules/demo/missed"' in result  # one question is still missed
    with app.app_context():
        assert retakes.missed_questions(amal.id, module_id="demo") == ["more-strict"]


def test_a_final_exam_result_retakes_across_the_module(app, client, amal):
    final = take(app, amal.id, "demo-final", WRONG)
    result = client.get(f"/attempts/{final}/result").get_data(as_text=True)
    assert "/modules/demo/lessons/" in result  # per-question passage links on a final
    retake = attempt_id_from(post(client, "/modules/demo/quizzes/demo-final/missed")
                             .headers["Location"])
    assert sorted(items_of(app, retake)) == sorted(items_of(app, final))


def test_unknown_scopes_are_not_found(app, client, amal):
    assert post(client, "/modules/demo/quizzes/nope/missed").status_code == 404
    assert post(client, "/modules/nope/missed").status_code == 404
    assert post(client, "/modules/nope/review").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Attempt.id)) is None
