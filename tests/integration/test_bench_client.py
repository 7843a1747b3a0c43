"""The burst benchmark's simulated student sends only saves the server accepts: every item
type with choices, bow-tie groups and matrix rows included (their controls are named
`q-<question>.<part>`, and the question id is the part before the dot)."""

from __future__ import annotations

import random
import re

from sqlalchemy import select

from bench.attempt_page import choose_answers
from quizapp.extensions import db
from quizapp.models import Response
from quizapp.services.authoring import importer
from tests.helpers.items import ngn_bank
from tests.helpers.web import csrf_token, post


def test_every_save_the_burst_client_builds_is_accepted_and_stored(app, client, auth,
                                                                    make_user):
    with app.app_context():
        importer.import_bank(ngn_bank(), [])
    make_user(username="noor")
    auth.login("noor")
    attempt_url = post(client, "/modules/ward/quizzes/ward-quiz/start").headers["Location"]
    page = client.get(attempt_url).get_data(as_text=True)
    saves = choose_answers(page, random.Random(7))
    kinds = {s.question_id for s in saves}
    assert {"w-bow-tie", "w-matrix-mc", "w-matrix-mr", "w-select-all"} <= kinds
    sequence = int(re.search(r'name="sequence" value="(\d+)"', page).group(1))
    token = csrf_token(client)
    for save in saves:
        reply = client.post(attempt_url + "/answers", data={
            **save.fields, "shown": save.question_id, "sequence": str(sequence)},
            headers={"X-CSRFToken": token, "Accept": "application/json"})
        assert reply.status_code == 200, (save.question_id, reply.get_json())
        sequence = reply.get_json()["sequence"]
    with app.app_context():
        stored = {r.question_id: r.answer for r in db.session.scalars(select(Response))}
    assert stored == {s.question_id: s.expected for s in saves}
