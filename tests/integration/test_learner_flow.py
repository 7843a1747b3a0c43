"""A student reads a lesson, takes its quiz, sees a scored result and progress."""

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, LessonProgress, Response
from tests.helpers.web import KEYS, options_on_page, post, start, submit


def test_dashboard_lists_lessons_in_order_with_status_and_next_step(client, auth, make_user,
                                                                    imported):
    make_user(username="amal")
    auth.login("amal")
    page = client.get("/").get_data(as_text=True)
    assert page.index("1. Basics of the demo") < page.index("2. More of the demo")
    assert page.count("Not started") == 2
    assert "0 of 2 lessons complete (0%)" in page
    assert "Read lesson 1: Basics of the demo" in page


def test_lesson_renders_sanitised_markdown_marks_read_and_links_to_quiz(app, client, auth,
                                                                         make_user, imported):
    user = make_user(username="amal")
    auth.login("amal")
    page = client.get("/modules/demo/lessons/basics").get_data(as_text=True)
    assert "The demo has <strong>three</strong> parts." in page
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page  # shown inert, as text
    assert "Nursing focus" in page and 'id="section-parts"' in page
    assert "/modules/demo/quizzes/basics-quiz" in page
    with app.app_context():
        assert db.session.scalar(select(LessonProgress.user_id)) == user.id
    dashboard = client.get("/").get_data(as_text=True)
    assert "Take the quiz for lesson 1: Basics of the demo" in dashboard
    assert ">Read</span>" in dashboard


def test_figure_is_served_as_an_inert_svg(client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    response = client.get("/modules/demo/lessons/basics/figures/parts.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert client.get("/modules/demo/lessons/basics/figures/purpose.svg").status_code == 404


def test_quiz_page_holds_no_key_or_rationale_before_submission(client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}")
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert set(options_on_page(html)) == set(KEYS)
    for secret in ("The demo is made of three parts.", "Each part is checked.", "Correct answer",
                   "Correct; without tests nobody can check the demo works."):
        assert secret not in html
    # the result page is not reachable before submission either
    assert client.get(f"/attempts/{attempt_id}/result").status_code == 404


def test_full_marks_result_shows_everything_and_dashboard_updates(client, auth, make_user,
                                                                  imported):
    make_user(username="amal")
    auth.login("amal")
    client.get("/modules/demo/lessons/basics")
    attempt_id = start(client)
    response = submit(client, attempt_id, KEYS)
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result"
    html = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "3 / 3 marks · 100%" in html and "Passed (pass mark 50%)" in html
    for rationale in ("The demo is made of three parts.",
                      "Too few; the demo is made of three parts.",
                      "The focus box asks for checks.",
                      "Incorrect; tests need the demo to check that it works."):
        assert rationale in html
    assert html.count("Your answer") == 5
    assert "/modules/demo/lessons/basics#section-parts" in html
    dashboard = client.get("/").get_data(as_text=True)
    assert "Best 100%" in dashboard and "Last 100%" in dashboard and "Quiz passed" in dashboard
    assert "1 of 2 lessons complete (50%)" in dashboard


def test_partial_credit_and_retake_track_best_and_last(app, client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    first = start(client)
    # count right (1 point of 1), select-all 3 right + 1 wrong (2 of 3 points), true/false
    # wrong (0): 3/5 points, but each item is worth 1 mark: 1 + 2/3 + 0 = 5/3 of 3 marks, 56%
    submit(client, first, {"basics-count": ["b"], "basics-check": ["a", "b", "c", "d"],
                           "basics-purpose": ["false"]})
    html = client.get(f"/attempts/{first}/result").get_data(as_text=True)
    assert "1.67 / 3 marks · 56%" in html
    assert re.search(r"Partly correct</span> · 0.67 of 1 mark <span class=\"muted\">\(2/3 points\)",
                     html)
    second = start(client)
    assert second != first
    submit(client, second, {"basics-count": ["a"]})
    with app.app_context():
        attempts = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
        assert [(a.earned, a.possible, a.passed) for a in attempts] == [(3, 5, True),
                                                                         (0, 5, False)]
    dashboard = client.get("/").get_data(as_text=True)
    # In marks: 5/3 of 3 is 56% (3 of 5 points would have been 60%).
    assert "Best 56%" in dashboard and "Last 0%" in dashboard and "2 attempts" in dashboard


def test_options_are_shuffled_per_attempt_with_a_stored_seed(app, client, auth, make_user,
                                                             imported):
    make_user(username="amal")
    auth.login("amal")
    orders = set()
    for _ in range(8):
        attempt_id = start(client)
        html = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        order = tuple(options_on_page(html)["basics-check"])
        # the same attempt always shows the same order
        again = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        assert tuple(options_on_page(again)["basics-check"]) == order
        orders.add(order)
        assert options_on_page(html)["basics-purpose"] == ["true", "false"]  # shuffle: false
        submit(client, attempt_id, {})
    assert len(orders) > 1  # 24 orders possible; 8 attempts all alike is ~1 in 12 million


def test_save_keeps_answers_and_resume_returns_to_the_open_attempt(app, client, auth,
                                                                   make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start(client)
    response = post(client, f"/attempts/{attempt_id}", {"q-basics-count": "c",
                                                        "action": "save"})
    assert response.status_code == 302
    assert start(client) == attempt_id  # resumed, not a second open attempt
    html = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert re.search(r'name="q-basics-count" value="c" checked', html)
    with app.app_context():
        assert db.session.scalar(select(Response.answer)) == ["c"]


def test_final_exam_draws_from_every_lesson(app, client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start(client, "demo-final")
    drawn = options_on_page(client.get(f"/attempts/{attempt_id}").get_data(as_text=True))
    basics = {q for q in drawn if q.startswith("basics-")}
    more = {q for q in drawn if q.startswith("more-")}
    assert len(basics) == 2 and len(more) == 2
