"""Every item type through the browser's path: the widget renders with labelled native
controls, a posted answer is stored and shown again, and the result shows the answer, the key,
the rationales and the points. Malformed or hostile posts get 400 and store nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Response
from quizapp.services.authoring import importer
from tests.helpers.items import ngn_bank
from tests.helpers.web import post


@pytest.fixture
def attempt_url(app, client, auth, make_user) -> str:
    """A logged-in student with an open attempt at the quiz holding every item type."""
    with app.app_context():
        importer.import_bank(ngn_bank(), [])
    make_user(username="noor")
    auth.login("noor")
    response = post(client, "/modules/ward/quizzes/ward-quiz/start")
    assert response.status_code == 302
    return response.headers["Location"]


def stored(app) -> dict:
    with app.app_context():
        return {r.question_id: r.answer for r in db.session.scalars(select(Response))}


def response_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Response))


def block(page: str, question_id: str) -> str:
    """The HTML of one question's list item on the attempt or result page."""
    items = re.split(r'<li class="question', page)
    found = [i for i in items if f'data-question-id="{question_id}"' in i]
    assert found, f"{question_id} not on the page"
    return found[0]


# (question id, form fields, stored answer, points earned after submit, text on the result)
CASES = [
    ("w-select-all", {"q-w-select-all": ["a", "b", "c", "d"]}, ["a", "b", "c", "d"], 2,
     "Resistance falls."),
    ("w-select-n", {"q-w-select-n": ["a", "c"]}, ["a", "c"], 1, "Steroids hide infection."),
    ("w-ordered", {"q-w-ordered.1": "check", "q-w-ordered.2": "identify",
                   "q-w-ordered.3": "give", "q-w-ordered.4": "record"},
     {"1": ["check"], "2": ["identify"], "3": ["give"], "4": ["record"]}, 1, "Always first."),
    ("w-matching", {"q-w-matching.sugar": "glucose", "q-w-matching.infection": "weight"},
     {"sugar": ["glucose"], "infection": ["weight"]}, 1, "Fever may show it."),
    ("w-cloze", {"q-w-cloze.what": "a", "q-w-cloze.risk": ""}, {"what": ["a"]}, 1,
     "Steroids lower resistance to infection."),
    ("w-dyad", {"q-w-dyad.action": "a", "q-w-dyad.reason": "b"},
     {"action": ["a"], "reason": ["b"]}, 0, "Steroids raise blood glucose."),
    ("w-matrix-mc", {"q-w-matrix-mc.glucose": "indicated", "q-w-matrix-mc.fluids": "indicated",
                     "q-w-matrix-mc.temp": "indicated"},
     {"fluids": ["indicated"], "glucose": ["indicated"], "temp": ["indicated"]}, 2,
     "Not routine."),
    ("w-matrix-mr", {"q-w-matrix-mr.thirst": ["glucose", "infection"],
                     "q-w-matrix-mr.wound": ["glucose"]},
     {"thirst": ["glucose", "infection"], "wound": ["glucose"]}, 2, "High glucose causes thirst."),
    ("w-highlight", {"q-w-highlight": ["thirst", "sleep"]}, ["sleep", "thirst"], 0,
     "Fever needs follow-up."),
    ("w-bow-tie", {"q-w-bow-tie.condition": "hyper", "q-w-bow-tie.actions": ["glucose", "stop"],
                   "q-w-bow-tie.parameters": ["bg", "thirst"]},
     {"actions": ["glucose", "stop"], "condition": ["hyper"], "parameters": ["bg", "thirst"]}, 4,
     "Never stop suddenly."),
    ("w-numeric", {"q-w-numeric": " 2,0 mL "}, ["2,0 mL"], 1, "Read as 2.0 mL."),
    ("w-numeric-percent", {"q-w-numeric-percent": "11.5"}, ["11.5"], 0,
     "anything from 9 to 11 accepted"),
    ("w-short-text", {"q-w-short-text": "Capillary  BLOOD."}, ["Capillary  BLOOD."], 1,
     "blood; capillary blood"),
    ("w-case-one", {"q-w-case-one": "a"}, ["a"], 1, "High."),
]


def test_answers_are_saved_shown_again_and_graded(app, client, attempt_url):
    fields = {name: value for _, item_fields, *_ in CASES for name, value in item_fields.items()}
    assert post(client, attempt_url, {"action": "save", **fields}).status_code == 302
    answers = stored(app)
    page = client.get(attempt_url).get_data(as_text=True)
    for qid, item_fields, answer, _, _ in CASES:
        assert answers[qid] == answer, qid
        again = block(page, qid)
        values = [v for vs in item_fields.values() for v in ([vs] if isinstance(vs, str) else vs)]
        for value in values:
            if value.strip() and qid not in ("w-numeric", "w-numeric-percent", "w-short-text"):
                assert re.search(rf'value="{re.escape(value)}"[^>]*(checked|selected)', again), (
                    qid, value)
            elif value.strip():
                assert f'value="{value.strip()}"' in again, (qid, value)
    result = post(client, attempt_url, {"action": "submit"})
    assert result.status_code == 302
    page = client.get(result.headers["Location"]).get_data(as_text=True)
    for qid, _, _, earned, shown in CASES:
        review = block(page, qid)
        assert re.search(rf"· {earned}/\d+ point", review), qid
        assert shown in review, qid
        assert "Your answer" in review, qid


def test_every_widget_uses_labelled_native_controls(client, attempt_url):
    page = client.get(attempt_url).get_data(as_text=True)
    ordered = block(page, "w-ordered")
    assert re.search(r'<label for="(q\d+-1)">Position 1 \(first\)</label>\s*<select id="\1" '
                     r'name="q-w-ordered.1">', ordered)
    assert re.search(r'<label for="q\d+-sugar">Raised blood sugar</label>', page)
    cloze = block(page, "w-cloze")
    assert re.search(r'<label for="q\d+-what" class="visually-hidden">Drop-down 1 of 2</label>',
                     cloze)
    assert "<strong>raise</strong>" in cloze  # the passage is Markdown
    matrix = block(page, "w-matrix-mc")
    assert matrix.count('type="radio" name="q-w-matrix-mc.glucose"') == 2
    assert '<span class="visually-hidden">Check glucose: Indicated</span>' in matrix
    assert block(page, "w-matrix-mr").count('type="checkbox"') == 8
    highlight = block(page, "w-highlight")
    assert re.search(r'<input type="checkbox" id="(q\d+-thirst)" name="q-w-highlight" '
                     r'value="thirst"><label for="\1">constant thirst</label>', highlight)
    bow_tie = block(page, "w-bow-tie")
    # the item's and one per group, besides the optional "How sure are you?" fieldset
    assert bow_tie.count("<fieldset") - bow_tie.count('<fieldset class="confidence') == 4
    assert "Parameters to watch" in bow_tie and "Condition most likely" in bow_tie
    numeric = block(page, "w-numeric")
    assert re.search(r'<label for="(q\d+-answer)">Your answer in mL</label>', numeric)
    assert 'inputmode="decimal"' in numeric
    assert 'maxlength="200"' in block(page, "w-short-text")
    assert "Select 2. More than 2 choices are not accepted." in block(page, "w-select-n")
    # Every select and text input has a label pointing at it.
    for control_id in re.findall(r'<(?:select|input type="text"[^>]*) id="([^"]+)"', page):
        assert f'<label for="{control_id}"' in page, control_id


def test_case_scenario_is_shown_with_each_of_its_items(client, attempt_url):
    page = client.get(attempt_url).get_data(as_text=True)
    first, second = block(page, "w-case-one"), block(page, "w-case-two")
    assert "Case study: Mr B on steroids</h2>" in first and "<table>" in first
    assert "<details class=\"case-scenario\">" in second and "prednisone" in second
    post(client, attempt_url, {"action": "submit"})
    result = client.get(attempt_url + "/result").get_data(as_text=True)
    assert "prednisone" in block(result, "w-case-two")


def test_clearing_a_part_item_stores_an_empty_answer(app, client, attempt_url):
    post(client, attempt_url, {"action": "save", "q-w-matrix-mr.thirst": "glucose"})
    post(client, attempt_url, {"action": "save", "shown": "w-matrix-mr"})
    assert stored(app)["w-matrix-mr"] == {}


HOSTILE = [
    ({"q-w-select-n": ["a", "b", "c"]}, "at most 2 choices; 3 were sent"),
    ({"q-w-bow-tie.actions": ["glucose", "report", "stop"]}, "at most 2 choices"),
    ({"q-w-matrix-mc.glucose": ["indicated", "not-indicated"]}, "takes one answer"),
    ({"q-w-matrix-mc.nope": "indicated"}, "has no part nope"),
    ({"q-w-cloze.what": "z"}, "has no option z"),
    ({"q-w-ordered.9": "check"}, "has no part 9"),
    ({"q-w-numeric": "9" * 40}, "at most 32 characters"),
    ({"q-w-short-text": "a\x07b"}, "control characters"),
    ({"q-w-short-text": ["one", "two"]}, "one typed answer"),
    ({"q-w-matching": "glucose"}, "expects an answer for each part"),
    ({"q-w-highlight.thirst": "thirst"}, "expects a list"),
    ({"q-w-cloze.<script>": "a"}, "is malformed"),
    ({"q-w-cloze.what": "a", "q-w-cloze": "a"}, "sent in two shapes"),
    ({"q-w-short-text": "x" * 201}, "is malformed"),
    ({"q-unknown-question.part": "a"}, "is not part of this attempt"),
]


@pytest.mark.parametrize("action", ["save", "submit"])
def test_malformed_posts_get_400_and_store_nothing(app, client, attempt_url, action):
    for fields, message in HOSTILE:
        data = {"action": action, "q-w-select-all": "a", **fields}  # a valid answer rides along
        response = post(client, attempt_url, data)
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True), message
        assert response_count(app) == 0, message
    assert "Submit for grading" in client.get(attempt_url).get_data(as_text=True)  # still open


def test_a_refused_answer_names_the_question_number(client, attempt_url):
    response = post(client, attempt_url, {"action": "save", "q-w-select-n": ["a", "b", "c"]})
    assert "Question 2:" in response.get_data(as_text=True)
    assert "Nothing was saved" in response.get_data(as_text=True)


def test_hostile_text_is_escaped_on_both_pages(app, client, attempt_url):
    payload = '<script>alert(1)</script>"'
    response = post(client, attempt_url, {"action": "save", "q-w-short-text": payload})
    assert response.status_code == 302
    page = client.get(attempt_url).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    post(client, attempt_url, {"action": "submit"})
    result = client.get(attempt_url + "/result").get_data(as_text=True)
    assert "<script>alert(1)" not in result


def test_full_marks_when_every_key_is_sent(app, client, attempt_url):
    from quizapp.content.types import key_answer

    data = {"action": "submit"}
    for question in ngn_bank().questions():
        answer = key_answer(question)
        if isinstance(answer, dict):
            data.update({f"q-{question.id}.{part}": ids for part, ids in answer.items()})
        else:
            data[f"q-{question.id}"] = answer
    response = post(client, attempt_url, data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    match = re.search(r"<strong>(\d+) / (\d+) points · 100%</strong>", page)
    assert match and match.group(1) == match.group(2)
    assert page.count('<span class="outcome">Correct</span>') == 15
