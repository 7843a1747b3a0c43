"""The number of SQL statements per page does not grow with questions, attempts or students."""

from quizapp.content import load_bank
from quizapp.services.authoring import importer
from tests.helpers.sized_bank import SIZES, write_sized_bank
from tests.helpers.web import (
    KEYS,
    attempt_id_from,
    counting,
    csrf_token,
    queries_for,
    start,
    submit,
)


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


def _statements(app, send) -> int:
    with counting(app) as seen:
        response = send()
    assert response.status_code in (200, 302), response.status_code
    return len(seen)


def _exam_costs(app, client, quiz: str) -> dict[str, int]:
    """Statements for each request a student sends during an exam at `quiz` (sizes module)."""
    url = f"/modules/sizes/quizzes/{quiz}"
    token = csrf_token(client)
    costs = {"quiz page": _statements(app, lambda: client.get(url))}
    with counting(app) as seen:
        started = client.post(url + "/start", data={"csrf_token": token})
    costs["start"] = len(seen)
    attempt = attempt_id_from(started.headers["Location"])
    costs["attempt page"] = _statements(app, lambda: client.get(f"/attempts/{attempt}"))
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    sequence = 0
    for i, values in enumerate((["a"], ["b"])):  # a first save, then a changed answer
        with counting(app) as seen:
            saved = client.post(f"/attempts/{attempt}/answers", headers=headers, data={
                f"q-{quiz}-00": values, "shown": f"{quiz}-00", "sequence": str(sequence)})
        assert saved.status_code == 200, saved.get_json()
        sequence = saved.get_json()["sequence"]
        costs[f"save {i + 1}"] = len(seen)
    costs["submit"] = _statements(app, lambda: client.post(f"/attempts/{attempt}", data={
        "csrf_token": token, "action": "submit", "sequence": str(sequence)}))
    costs["result page"] = _statements(app, lambda: client.get(f"/attempts/{attempt}/result"))
    return costs


def test_exam_requests_cost_the_same_statements_for_2_or_12_questions(app, client, auth,
                                                                     make_user, tmp_path):
    with app.app_context():
        importer.import_bank(*load_bank(write_sized_bank(tmp_path)))
    make_user(username="amal")
    auth.login("amal")
    small, large = (_exam_costs(app, client, quiz) for quiz in SIZES)
    assert large == small
    # Submitting writes in batches: one INSERT for the unanswered questions' rows, one UPDATE
    # for the answered ones, one upsert and one UPDATE for the review cards.
    assert small["submit"] <= 20, small


def test_the_bare_route_loads_no_user_and_renews_no_cookie(app, client, auth, make_user):
    # /healthz is the burst's baseline: a logged-in client must not make it do page work
    make_user(username="amal")
    auth.login("amal")
    with counting(app) as seen:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert seen == []
    assert "Set-Cookie" not in response.headers
    assert client.get("/").status_code == 200  # still logged in


def _reads_lesson_text(statement: str) -> bool:
    return statement.lstrip().startswith("SELECT") and ("lesson.content," in statement
                                                        or "lesson.content " in statement)


def test_exam_pages_read_no_lesson_content_and_each_attempt_once(app, client, auth, make_user,
                                                                 imported):
    """The quiz, attempt and result pages show a lesson's title, not its text (tens of
    kilobytes of JSON): only the result page's links to the passage behind each question read
    the text, once, for its section headings. And a page reads its attempt row once (the
    session holds rows only while something refers to them)."""
    make_user(username="amal")
    auth.login("amal")
    with counting(app) as quiz_page:
        assert client.get("/modules/demo/quizzes/basics-quiz").status_code == 200
    attempt = start(client)
    with counting(app) as attempt_page:
        assert client.get(f"/attempts/{attempt}").status_code == 200
    submit(client, attempt, {})
    with counting(app) as result_page:
        page = client.get(f"/attempts/{attempt}/result")
    assert page.status_code == 200 and "/modules/demo/lessons/basics" in page.get_data(
        as_text=True)
    assert any("lesson.title" in s for s in quiz_page + attempt_page)
    assert not any(_reads_lesson_text(s) for s in quiz_page + attempt_page)
    assert len([s for s in result_page if _reads_lesson_text(s)]) == 1
    for name, seen in (("attempt", attempt_page), ("result", result_page)):
        assert len([s for s in seen if s.lstrip().startswith("SELECT attempt.id,")]) == 1, name
