"""A GET takes no write lock unless something really changed: the hot pages write nothing on a
repeat view; a lesson writes on the first read and on a new visit; an attempt page writes only
when the attempt's time is genuinely up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, LessonProgress
from quizapp.models.types import utcnow
from quizapp.services.attempts import clock
from quizapp.services.learning.progress import SAME_VISIT
from tests.helpers.web import KEYS, start, submit, writes_for

LESSON = "/modules/demo/lessons/basics"


@pytest.fixture
def amal(client, auth, make_user, imported):
    user = make_user(username="amal")
    auth.login("amal")
    return user


def test_hot_pages_write_nothing_on_a_repeat_view(app, client, amal):
    done = start(client)
    submit(client, done, KEYS)
    open_attempt = start(client, "more-quiz")
    pages = [LESSON, "/", "/modules/demo/quizzes/basics-quiz", f"/attempts/{open_attempt}",
             f"/attempts/{done}/result", "/progress/calibration"]
    for url in pages:
        writes_for(app, client, url)  # the first view may record something (a lesson read)
    assert {url: writes_for(app, client, url) for url in pages} == {url: [] for url in pages}


def test_a_lesson_writes_on_the_first_read_and_on_a_new_visit_only(app, client, amal):
    first = writes_for(app, client, LESSON)
    assert any(s.lstrip().upper().startswith("INSERT") for s in first)
    assert writes_for(app, client, LESSON) == []
    with app.app_context():
        row = db.session.scalar(select(LessonProgress))
        row.last_read_at = row.first_read_at = utcnow() - SAME_VISIT - timedelta(seconds=1)
        db.session.commit()
        read_before = row.first_read_at
    assert any(s.lstrip().upper().startswith("UPDATE") for s in writes_for(app, client, LESSON))
    with app.app_context():
        row = db.session.scalar(select(LessonProgress))
        assert row.first_read_at == read_before and row.last_read_at > read_before
    assert writes_for(app, client, LESSON) == []


def test_an_attempt_page_writes_only_when_its_time_is_up(app, client, amal):
    attempt_id = start(client)
    assert writes_for(app, client, f"/attempts/{attempt_id}") == []
    with app.app_context():
        db.session.get(Attempt, attempt_id).deadline = (
            utcnow() - clock.grace() - timedelta(seconds=1))
        db.session.commit()
    assert writes_for(app, client, f"/attempts/{attempt_id}") != []  # submitted by the clock
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status == "submitted"
    assert writes_for(app, client, f"/attempts/{attempt_id}/result") == []
