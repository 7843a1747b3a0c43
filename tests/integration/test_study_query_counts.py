"""The new pages cost a fixed number of SQL queries, whatever the student's history."""

from contextlib import contextmanager

from sqlalchemy import event

from quizapp.extensions import db
from tests.conftest import post
from tests.integration.helpers import attempt_id_from
from tests.integration.study import PARTLY, RIGHT, WRONG, take


@contextmanager
def counting(app):
    seen = []
    with app.app_context():
        engine = db.engine

    def count(*_args):  # type: ignore[no-untyped-def]
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def cost(app, client, url):
    with counting(app) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def pages(client, practice_id, result_id):
    return ["/", "/progress/calibration", f"/attempts/{practice_id}/practice",
            f"/attempts/{practice_id}/practice/1", f"/attempts/{result_id}/result"]


def test_query_counts_do_not_grow_with_history(app, client, auth, make_user, imported):
    user = make_user(username="amal")
    auth.login("amal")
    confident = {q: "high" for q in RIGHT}
    first = take(app, user.id, "basics-quiz", WRONG, confident)
    practice_id = attempt_id_from(post(client, "/modules/demo/missed").headers["Location"])
    post(client, f"/attempts/{practice_id}/practice",
         {"question": "basics-count", "q-basics-count": "a"})
    before = [cost(app, client, url) for url in pages(client, practice_id, first)]
    for answers in (WRONG, RIGHT, {**WRONG, **PARTLY}, RIGHT, WRONG):
        take(app, user.id, "basics-quiz", answers, confident)
        take(app, user.id, "more-quiz", answers, confident)
        take(app, user.id, "demo-final", answers, confident)
    after = [cost(app, client, url) for url in pages(client, practice_id, first)]
    assert after == before
