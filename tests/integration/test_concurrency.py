"""Racing requests from one student (double clicks, several tabs, retries) at the same moment:
one open attempt, one accepted save per sequence number, one grading."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptEvent, Response
from tests.helpers.data import PASSWORD
from tests.helpers.web import attempt_id_from, csrf_token, post

TABS = 4


def tabs(app, username):
    """Logged-in clients of one student, each with its CSRF token ready."""
    clients = []
    for _ in range(TABS):
        client = app.test_client()
        assert post(client, "/login", {"username": username, "password": PASSWORD}) \
            .status_code == 302
        clients.append((client, csrf_token(client)))
    return clients


def at_once(clients, send):
    """Run send(client, token, i) for every client, released together by a barrier."""
    barrier = Barrier(len(clients))

    def run(i):
        client, token = clients[i]
        barrier.wait()
        return send(client, token, i)

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(run, range(len(clients))))


def count(app, query):
    with app.app_context():
        return db.session.scalar(query)


def test_racing_starts_open_one_attempt(app, make_user, imported):
    make_user(username="amal")
    clients = tabs(app, "amal")
    replies = at_once(clients, lambda c, t, i: c.post(
        "/modules/demo/quizzes/basics-quiz/start", data={"csrf_token": t}))
    assert {r.status_code for r in replies} == {302}
    assert len({attempt_id_from(r.headers["Location"]) for r in replies}) == 1
    assert count(app, select(func.count(Attempt.id))) == 1
    assert count(app, select(func.count(AttemptEvent.id))
                 .where(AttemptEvent.kind == "started")) == 1


def test_racing_saves_with_one_sequence_number_accept_exactly_one(app, make_user, imported):
    make_user(username="amal")
    clients = tabs(app, "amal")
    attempt_id = attempt_id_from(post(clients[0][0], "/modules/demo/quizzes/basics-quiz/start")
                                 .headers["Location"])
    choices = ["a", "b", "c", "a"]
    replies = at_once(clients, lambda c, t, i: c.post(
        f"/attempts/{attempt_id}/answers",
        data={"q-basics-count": choices[i], "sequence": "0"},
        headers={"X-CSRFToken": t, "Accept": "application/json"}))
    codes = sorted(r.status_code for r in replies)
    assert codes == [200] + [409] * (TABS - 1)
    winner = next(i for i, r in enumerate(replies) if r.status_code == 200)
    with app.app_context():
        assert db.session.scalar(select(Response.answer)) == [choices[winner]]
        assert db.session.get(Attempt, attempt_id).sequence == 1
    assert count(app, select(func.count(AttemptEvent.id))
                 .where(AttemptEvent.kind == "refused_stale")) == TABS - 1


def test_racing_submits_grade_once_and_all_see_the_same_result(app, make_user, imported):
    make_user(username="amal")
    clients = tabs(app, "amal")
    attempt_id = attempt_id_from(post(clients[0][0], "/modules/demo/quizzes/basics-quiz/start")
                                 .headers["Location"])
    answers = ["a", "b", "c", "b"]
    replies = at_once(clients, lambda c, t, i: c.post(
        f"/attempts/{attempt_id}", data={"csrf_token": t, "action": "submit",
                                         "q-basics-count": answers[i]}))
    assert {r.headers["Location"] for r in replies} == {f"/attempts/{attempt_id}/result"}
    assert count(app, select(func.count(AttemptEvent.id))
                 .where(AttemptEvent.kind == "submitted")) == 1
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        graded = db.session.scalar(select(Response.answer).where(
            Response.question_id == "basics-count"))
        assert attempt.status == "submitted"
        assert attempt.earned == (1 if graded == ["b"] else 0)
