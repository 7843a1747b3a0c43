"""The number of SQL statements per page does not grow with questions, attempts or students."""

from tests.helpers.web import KEYS, queries_for, start, submit


def test_page_queries_do_not_grow_with_attempts_or_questions(app, client, auth, make_user,
                                                              imported):
    make_user(username="amal")
    for i in range(3):
        make_user(username=f"other{i}")
    auth.login("amal")
    first = start(client)
    submit(client, first, KEYS)
    small = start(client, "more-quiz")  # 2 questions
    submit(client, small, {})
    client.get("/modules/demo/lessons/basics")  # the first read records progress (a write)
    before = {
        "dashboard": queries_for(app, client, "/"),
        "quiz": queries_for(app, client, "/modules/demo/quizzes/basics-quiz"),
        "result": queries_for(app, client, f"/attempts/{first}/result"),
        "lesson": queries_for(app, client, "/modules/demo/lessons/basics"),
    }
    for _ in range(5):
        submit(client, start(client), KEYS)
    after = {
        "dashboard": queries_for(app, client, "/"),
        "quiz": queries_for(app, client, "/modules/demo/quizzes/basics-quiz"),
        "result": queries_for(app, client, f"/attempts/{first}/result"),
        "lesson": queries_for(app, client, "/modules/demo/lessons/basics"),
    }
    assert after == before
    # a 3-question result page costs the same as a 2-question one
    assert queries_for(app, client, f"/attempts/{small}/result") == before["result"]
    open_three = start(client)
    open_two = start(client, "more-quiz")
    assert (queries_for(app, client, f"/attempts/{open_three}")
            == queries_for(app, client, f"/attempts/{open_two}"))


def test_gradebook_queries_do_not_grow_with_students(app, client, auth, make_user, imported):
    make_user(role="instructor", username="teach")
    make_user(username="stu0")
    auth.login("teach")
    one = queries_for(app, client, "/instructor/")
    for i in range(1, 6):
        make_user(username=f"stu{i}")
    assert queries_for(app, client, "/instructor/") == one
