"""The instructor's question pages: the list by quiz, and a preview with key, file and versions."""

from __future__ import annotations

import re

import pytest

from tests.integration.authoring_helpers import copy_bank, edit, take_quiz


@pytest.fixture
def instructor(auth, make_user, imported):  # type: ignore[no-untyped-def]
    make_user(role="instructor", username="ines")
    auth.login("ines")


@pytest.mark.parametrize("url", ["/instructor/questions", "/instructor/questions/basics-count"])
def test_students_get_403(client, auth, make_user, imported, url):
    make_user(username="amal")
    auth.login("amal")
    response = client.get(url)
    assert response.status_code == 403
    assert "basics-count" not in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client, imported):
    response = client.get("/instructor/questions/basics-count")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_list_links_every_question_by_quiz(client, instructor):
    page = client.get("/instructor/questions").get_data(as_text=True)
    links = re.findall(r'href="/instructor/questions/([a-z-]+)"', page)
    assert links == ["basics-count", "basics-check", "basics-purpose", "more-detail",
                     "more-strict"]
    assert page.index("Basics quiz") < page.index("basics-count") < page.index("More quiz")
    assert "tests/data/bank/demo/01-basics.yaml:34</code>" in page
    assert 'href="/instructor/questions"' in page  # the nav link


def test_the_preview_shows_key_rationales_and_where_it_was_written(client, instructor):
    page = client.get("/instructor/questions/basics-check").get_data(as_text=True)
    assert "Which actions does the nursing focus ask for?" in page
    keyed = re.findall(r'<li class="review-option is-key is-chosen">\s*'
                       r'<p class="option-text">([^<]+)</p>', page)
    assert keyed == ["Check part one", "Check part two", "Check part three"]  # written order
    assert page.count("Correct answer") == 3 and page.count("Not correct") == 1
    assert "The focus box asks for checks." in page  # the rationale of the wrong option
    assert "tests/data/bank/demo/01-basics.yaml:46</code>" in page
    assert "Select all that apply · version 1 (current)" in page
    assert "plus minus" in page
    assert 'href="/modules/demo/lessons/basics#section-parts"' in page


def test_true_false_preview(client, instructor):
    page = client.get("/instructor/questions/basics-purpose").get_data(as_text=True)
    assert "True or false" in page
    assert "Correct; without tests nobody can check the demo works." in page


def test_versions_after_an_edit(app, client, auth, make_user, runner, tmp_path):
    bank = copy_bank(tmp_path)
    runner.invoke(args=["quiz", "import", str(bank)])
    student = make_user(username="amal")
    with app.app_context():
        take_quiz(student.id, "basics-quiz", {"basics-count": ["b"]})
    edit(bank / "demo" / "01-basics.yaml", "      key: b\n", "      key: c\n")
    edit(bank / "demo" / "01-basics.yaml", "How many parts", "How many separate parts")
    runner.invoke(args=["quiz", "import", str(bank)])
    make_user(role="instructor", username="ines")
    auth.login("ines")
    page = client.get("/instructor/questions/basics-count").get_data(as_text=True)
    assert "version 2 (current)" in page
    assert "How many separate parts" in page
    assert "<li>key: b → c</li>" in page and "<li>stem edited</li>" in page
    assert 'href="/instructor/questions/basics-count?version=1">Version 1</a>' in page
    assert "1 submitted response were scored against an older version" in page
    assert "quiz regrade basics-count" in page
    old = client.get("/instructor/questions/basics-count?version=1").get_data(as_text=True)
    assert "version 1 (not current" in old
    assert "How many parts does the demo have?" in old
    assert "What changed" not in old


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/instructor/questions/no-such-id", 404, "There is no question &#39;no-such-id&#39;."),
    ("/instructor/questions/basics-count?version=9", 404,
     "Question &#39;basics-count&#39; has no version 9."),
    ("/instructor/questions/basics-count?version=two", 400, "The version must be a whole number"),
    ("/instructor/questions/basics-count?version=-1", 400, "The version must be a whole number"),
    ("/instructor/questions/basics-count?version=%C2%B2", 400, "must be a whole number"),
    ("/instructor/questions/basics-count?version=99999999999999999999", 400, "whole number"),
])
def test_bad_urls_get_clear_errors(client, instructor, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_the_pages_make_a_fixed_number_of_queries(app, client, instructor):
    from sqlalchemy import event

    from quizapp.extensions import db

    counts = []
    with app.app_context():
        engine = db.engine

    def count(*_args):  # type: ignore[no-untyped-def]
        counts[-1] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        for url in ("/instructor/questions", "/instructor/questions/basics-check"):
            counts.append(0)
            assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert counts[0] <= 6 and counts[1] <= 8, counts
