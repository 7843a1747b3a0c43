"""Unfolding case studies in a test-mode attempt: a stage once left is closed on both save
paths (409 with a clear message; other answers kept), later stages never reach the page
before they are reached, and moving on is an explicit action with a warning."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AttemptEvent, AttemptStage, Response
from tests.helpers.web import autosave, post, sequence_on_page
from tests.integration.exam_helpers import (
    RELAPSE_KEYS,
    STAGE_ONE,
    STAGE_THREE,
    STAGE_TWO,
    attempt_row,
    form_data,
    start_quiz,
)


def _page(client, attempt_id: int) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/attempts/{attempt_id}").get_data(as_text=True)


def _advance(client, attempt_id: int, answers=None):  # type: ignore[no-untyped-def]
    seq = sequence_on_page(_page(client, attempt_id))
    return post(client, f"/attempts/{attempt_id}",
                form_data(answers or {}, action="advance:rl-haddad", sequence=seq))


def _saved(app, attempt_id: int) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return {r.question_id: r.answer for r in db.session.scalars(
            select(Response).where(Response.attempt_id == attempt_id)) if r.answer is not None}


def test_later_stages_are_not_sent_before_they_are_reached(client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    page = _page(client, attempt_id)
    assert "Stage 1 of 3</strong>: Day 1, 08:00" in page
    assert all(f'name="q-{qid}' in page for qid in STAGE_ONE)
    for qid in STAGE_TWO + STAGE_THREE:
        assert qid not in page
    # What later stages add to the record is nowhere in the page either (no peeking).
    for later_text in ("nitrites", "Drinking well", "Nitrofurantoin", "Which problem is"):
        assert later_text not in page
    assert "Go on to stage 2 of 3" in page and "closes it" in page
    assert 'aria-describedby="case-rl-haddad-warning"' in page


def test_moving_on_saves_closes_the_stage_and_shows_the_next(app, client, auth, make_user,
                                                              clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    response = _advance(client, attempt_id, {"rl-case-cues": ["weak"]})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/attempts/{attempt_id}#case-rl-haddad")
    page = _page(client, attempt_id)
    assert "Stage 2 of 3</strong>: Day 1, 14:00" in page
    assert "Closed: Day 1, 08:00. Your 2 answers there are saved" in page
    assert all(f'name="q-{qid}' in page for qid in STAGE_TWO)
    assert not any(f'name="q-{qid}' in page for qid in STAGE_ONE + STAGE_THREE)
    # The new lab results are marked New; the record from the start is still there.
    assert "nitrites positive" in page and "secondary progressive MS" in page
    start = page.index('class="case-record"')
    record = page[start:page.index('class="item-body"', start)]
    assert record.count('<strong class="badge-new">New</strong>') == 2  # labs, notes added
    assert record.count("<details") == 4  # the four tabs that say something so far
    assert _saved(app, attempt_id) == {"rl-case-cues": ["weak"]}
    with app.app_context():
        stages = db.session.scalars(select(AttemptStage.stage).where(
            AttemptStage.attempt_id == attempt_id)).all()
        kinds = db.session.scalars(select(AttemptEvent.kind).where(
            AttemptEvent.attempt_id == attempt_id).order_by(AttemptEvent.id)).all()
    assert stages == [1] and kinds[-1] == "advanced"


def test_autosave_to_a_closed_stage_is_refused_with_409_and_keeps_the_rest(
        app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    _advance(client, attempt_id, {"rl-case-cues": ["weak"]})
    seq = sequence_on_page(_page(client, attempt_id))
    reply = autosave(client, attempt_id, {"rl-case-cues": ["weak", "urine"],
                                          "rl-case-hypothesis": ["a"]}, seq)
    assert reply.status_code == 409
    assert reply.json["status"] == "stage_closed"
    assert reply.json["reload_url"] == f"/attempts/{attempt_id}"
    assert "you have moved on from its stage" in reply.json["message"]
    assert [r["question"] for r in reply.json["refused"]] == ["rl-case-cues"]
    # The closed answer is unchanged; the answer to the current stage was saved.
    assert _saved(app, attempt_id) == {"rl-case-cues": ["weak"], "rl-case-hypothesis": ["a"]}
    with app.app_context():
        refused = db.session.scalars(select(AttemptEvent).where(
            AttemptEvent.attempt_id == attempt_id, AttemptEvent.kind == "refused_closed")).all()
    assert [e.detail["questions"] for e in refused] == [["rl-case-cues"]]


def test_the_plain_form_to_a_closed_stage_is_refused_with_409_and_says_why(
        app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    _advance(client, attempt_id)
    seq = sequence_on_page(_page(client, attempt_id))
    response = post(client, f"/attempts/{attempt_id}", form_data(
        {"rl-case-analyze": ["b"], "rl-case-solutions": ["a"]}, action="save", sequence=seq))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Question 3 was not saved: you have moved on from its stage" in page
    assert "Stage 2 of 3" in page  # the page shows the stage the student is on
    assert _saved(app, attempt_id) == {"rl-case-solutions": ["a"]}


def test_a_stage_not_yet_reached_takes_no_answer(app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    reply = autosave(client, attempt_id, {"rl-case-action": ["a"]}, 0)
    assert reply.status_code == 409 and "has not been reached yet" in reply.json["message"]
    assert _saved(app, attempt_id) == {}


def test_submit_with_an_answer_to_a_closed_stage_is_refused_and_stays_open(
        app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    _advance(client, attempt_id, {"rl-case-cues": ["weak"]})
    seq = sequence_on_page(_page(client, attempt_id))
    response = post(client, f"/attempts/{attempt_id}", form_data(
        {"rl-case-cues": ["urine"]}, action="submit", sequence=seq))
    assert response.status_code == 409
    assert attempt_row(app, attempt_id).status == "open"
    assert _saved(app, attempt_id) == {"rl-case-cues": ["weak"]}


def test_a_stale_page_cannot_move_on_and_the_last_stage_cannot_move_on(
        app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    old = sequence_on_page(_page(client, attempt_id))
    _advance(client, attempt_id)
    stale = post(client, f"/attempts/{attempt_id}",
                 form_data({}, action="advance:rl-haddad", sequence=old))
    assert stale.status_code == 409  # the page from before moving on is out of date
    assert "Stage 2 of 3" in stale.get_data(as_text=True)
    assert _advance(client, attempt_id).status_code == 302
    page = _page(client, attempt_id)
    assert "Stage 3 of 3" in page and "This is the last stage" in page
    assert "Go on to stage" not in page
    assert _advance(client, attempt_id).status_code == 400
    assert post(client, f"/attempts/{attempt_id}", form_data(
        {}, action="advance:no-such-case", sequence=sequence_on_page(page))).status_code == 400


def test_a_whole_case_taken_stage_by_stage_is_graded(app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "relapse-quiz")
    keys = RELAPSE_KEYS
    first = {q: keys[q] for q in ("rl-fever-symptoms", *STAGE_ONE)}
    _advance(client, attempt_id, first)
    _advance(client, attempt_id, {q: keys[q] for q in STAGE_TWO})
    seq = sequence_on_page(_page(client, attempt_id))
    response = post(client, f"/attempts/{attempt_id}", form_data(
        {q: keys[q] for q in STAGE_THREE}, action="submit", sequence=seq))
    assert response.status_code == 302
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "9 / 9 marks · 100%" in result
    # The result shows how the case unfolded: the record at each stage, in order.
    assert result.index("Stage 1 of 3") < result.index("Stage 2 of 3") < result.index(
        "Stage 3 of 3")


def test_practice_mode_free_case_links_back_to_earlier_stages(app, client, auth, make_user,
                                                              clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "pml-quiz")  # practice mode; its case is navigation: free
    keys = {"pml-infusion-interval": "a", "pml-case-cues": "a", "pml-case-analyze": "a",
            "pml-case-prioritize": "a"}
    for qid, key in keys.items():
        post(client, f"/attempts/{attempt_id}/practice", {"question": qid, f"q-{qid}": key})
    page = client.get(f"/attempts/{attempt_id}/practice").get_data(as_text=True)
    assert "Stage 2 of 2</strong>: Clinic, 10:30" in page and "JC virus antibody" in page
    assert "Go back to an earlier stage of this case study" in page
    assert f"/attempts/{attempt_id}/practice/2" in page  # pml-case-cues' feedback
    back = client.get(f"/attempts/{attempt_id}/practice/2").get_data(as_text=True)
    assert "Stage 1 of 2" in back and "JC virus antibody" not in back
