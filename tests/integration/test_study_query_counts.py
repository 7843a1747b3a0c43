"""The new pages cost a fixed number of SQL queries, whatever the student's history."""

from tests.helpers.history import PARTLY, RIGHT, WRONG, take
from tests.helpers.web import attempt_id_from, counting, post, queries_for


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
    before = [queries_for(app, client, url) for url in pages(client, practice_id, first)]
    for answers in (WRONG, RIGHT, {**WRONG, **PARTLY}, RIGHT, WRONG):
        take(app, user.id, "basics-quiz", answers, confident)
        take(app, user.id, "more-quiz", answers, confident)
        take(app, user.id, "demo-final", answers, confident)
    after = [queries_for(app, client, url) for url in pages(client, practice_id, first)]
    assert after == before


def test_the_dashboard_reads_the_answer_history_once(app, client, auth, make_user, imported):
    user = make_user(username="amal")
    auth.login("amal")
    take(app, user.id, "basics-quiz", WRONG)
    with counting(app) as seen:
        assert client.get("/").status_code == 200
    history = [s for s in seen if "ORDER BY response.saved_at" in s]
    assert len(history) == 1, history
