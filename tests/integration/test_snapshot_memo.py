"""Parsed question snapshots are kept per process (content/memo.py); an edited question is a
new version, and neither a page nor a grade may ever be served another version's content."""

from __future__ import annotations

from quizapp.content.model import Question
from quizapp.extensions import db
from quizapp.models import Attempt
from tests.helpers.authoring import copy_bank, edit
from tests.helpers.web import autosave, sequence_on_page, start, submit

OLD_STEM, NEW_STEM = "How many parts does the demo have?", "How many parts has the demo got?"
ALL_RIGHT = {"basics-count": ["b"], "basics-check": ["a", "b", "d"], "basics-purpose": ["true"]}


def points(app, attempt_id: int) -> tuple[int, int]:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.status == "submitted"
        return attempt.earned, attempt.possible


def test_an_attempt_keeps_its_version_after_an_edit_and_a_new_one_gets_the_new(
        app, client, auth, runner, make_user, tmp_path):
    bank = copy_bank(tmp_path)
    assert runner.invoke(args=["quiz", "import", str(bank)]).exit_code == 0
    make_user(username="amal")
    make_user(username="ben")
    auth.login("amal")
    before = start(client)
    page = client.get(f"/attempts/{before}").get_data(as_text=True)
    assert OLD_STEM in page  # the old version is now parsed and kept in this process
    autosave(client, before, {"basics-count": ["b"]}, sequence_on_page(page))

    edit(bank / "demo" / "01-basics.yaml", OLD_STEM, NEW_STEM)
    edit(bank / "demo" / "01-basics.yaml", "      key: b\n", "      key: c\n")
    assert "1 changed" in runner.invoke(args=["quiz", "import", str(bank)]).output

    page = client.get(f"/attempts/{before}").get_data(as_text=True)
    assert OLD_STEM in page and NEW_STEM not in page
    submit(client, before, ALL_RIGHT)
    assert points(app, before) == (5, 5)  # b is the key in the version it was given

    auth.logout()
    auth.login("ben")
    after = start(client)
    page = client.get(f"/attempts/{after}").get_data(as_text=True)
    assert NEW_STEM in page and OLD_STEM not in page
    submit(client, after, ALL_RIGHT)
    assert points(app, after) == (4, 5)  # and wrong in the new one


def test_the_memo_serves_only_an_equal_snapshot():
    snap = Question(id="memo-q", type="single_choice", stem="Old?", options=(), key=("a",),
                    scoring="zero_one", source="s", difficulty="easy", bloom="remember",
                    client_need="management-of-care").to_snapshot()
    first = Question.from_snapshot(snap)
    assert Question.from_snapshot(dict(snap)) is first  # an equal snapshot: built once
    edited = {**snap, "stem": "New?", "key": ["b"]}
    assert Question.from_snapshot(edited).stem == "New?"
    assert Question.from_snapshot(edited).key == ("b",)
    snap["stem"] = "Changed in place?"  # the caller's dict changes after it was kept
    assert Question.from_snapshot(snap).stem == "Changed in place?"
    assert Question.from_snapshot({**snap, "stem": "Old?"}) is first
