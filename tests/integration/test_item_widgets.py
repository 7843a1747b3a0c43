"""Every item type through the browser's path: the widget renders with labelled native
controls, a posted answer is stored and shown again, and the result shows the answer, the key,
the rationales and the points. An answer that does not fit its question is refused alone
(422, the attempt page with the reason at the question); a post no page can make gets 400 and
stores nothing."""

from __future__ import annotations

import html
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
        # Items worth more than one point show their points beside the marks.
        assert re.search(rf"\({earned}/\d+ points\)|· {earned} of 1 mark</h2>", review), qid
        assert shown in review, qid
        assert "Your answer" in review, qid


def test_every_widget_uses_labelled_native_controls(client, attempt_url):
    page = client.get(attempt_url).get_data(as_text=True)
    ordered = block(page, "w-ordered")
    assert re.search(r'<label for="(q\d+-1)">Position 1 \(first\)</label>\s*<select id="\1" '
                     r'name="q-w-ordered.1">', ordered)
    assert re.search(r'<label for="q\d+-sugar">Raised blood sugar</label>', page)
    cloze = block(page, "w-cloze")
    assert re.search(r'<label for="q\d+-what" class="visually-hidden">Steroids raise … and '
                     r'lower resistance to … \(blank 1 of 2\)</label>', cloze)
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


# Answers that don't fit their question: each is refused on its own, in words a student
# understands (the question's number, the part's label, never an internal id).
REFUSED = [
    ({"q-w-select-n": ["a", "b", "c"]}, "Question 2: choose at most 2; 3 are ticked. "
                                        "Untick one, and this answer will be saved."),
    ({"q-w-bow-tie.actions": ["glucose", "report", "stop"]},
     "“Actions to take”: choose at most 2; 3 are ticked."),
    ({"q-w-matrix-mc.glucose": ["indicated", "not-indicated"]}, ": choose only one answer."),
    ({"q-w-matrix-mc.nope": "indicated"}, "does not fit the question as it is shown now"),
    ({"q-w-cloze.what": "z"}, "does not fit the question as it is shown now"),
    ({"q-w-ordered.9": "check"}, "does not fit the question as it is shown now"),
    ({"q-w-numeric": "9" * 40}, "the answer is 40 characters long and at most 32 fit"),
    ({"q-w-short-text": "a\x07b"}, "holds a character that can't be saved"),
    ({"q-w-short-text": ["one", "two"]}, "does not fit the question as it is shown now"),
    ({"q-w-matching": "glucose"}, "does not fit the question as it is shown now"),
    ({"q-w-highlight.thirst": "thirst"}, "does not fit the question as it is shown now"),
    ({"q-unknown-question.part": "a"}, "a question that is not in this attempt"),
]

# Posts no page of ours can make: refused whole, nothing stored.
MALFORMED = [
    ({"q-w-cloze.<script>": "a"}, "is malformed"),
    ({"q-w-cloze.what": "a", "q-w-cloze": "a"}, "sent in two shapes"),
    ({"q-w-short-text": "x" * 201}, "is malformed"),
    ({"c-w-select-all": "certain"}, "must be one of low, medium, high"),
]


def error_texts(page: str) -> list[str]:
    found = re.findall(r'<p class="error-text answer-error" id="q\d+-error"[^>]*>([^<]+)</p>', page)
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    return [html.unescape(text) for text in found + re.findall(r"<li>([^<]+)</li>",
                                                                 summary.group(0))]


@pytest.mark.parametrize("action", ["save", "submit"])
@pytest.mark.parametrize(("fields", "message"), REFUSED)
def test_an_answer_that_does_not_fit_is_refused_alone_and_the_rest_saved(
        app, client, attempt_url, action, fields, message):
    data = {"action": action, "q-w-select-all": "a", **fields}  # a valid answer rides along
    response = post(client, attempt_url, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, message
    errors = error_texts(page)
    assert any(message in e for e in errors), errors
    assert not any("w-" in e or "unknown" in e for e in errors), errors  # no internal ids
    assert stored(app) == {"w-select-all": ["a"]}
    assert ("Your attempt was not submitted" in page) == (action == "submit")
    assert "Submit for grading" in client.get(attempt_url).get_data(as_text=True)  # still open


@pytest.mark.parametrize("action", ["save", "submit"])
def test_malformed_posts_get_400_and_store_nothing(app, client, attempt_url, action):
    for fields, message in MALFORMED:
        data = {"action": action, "q-w-select-all": "a", **fields}
        response = post(client, attempt_url, data)
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True), message
        assert response_count(app) == 0, message
    assert "Submit for grading" in client.get(attempt_url).get_data(as_text=True)  # still open


def test_a_refused_answer_is_shown_as_sent_and_marked_at_its_question(client, attempt_url):
    response = post(client, attempt_url, {"action": "save",
                                          "q-w-bow-tie.actions": ["glucose", "report", "stop"],
                                          "q-w-select-n": ["a", "c"]})
    page = response.get_data(as_text=True)
    bow_tie = block(page, "w-bow-tie")
    error_id = re.search(r'class="error-text answer-error" id="(q\d+-error)"', bow_tie).group(1)
    # the question's fieldset and the refused group both point at the message
    assert bow_tie.count(f'aria-describedby="{error_id}"') == 2
    assert re.search(r'class="bow-tie-group bow-tie-actions has-error"', bow_tie)
    for oid in ("glucose", "report", "stop"):  # the three ticks, back for correcting
        assert re.search(rf'value="{oid}" checked', bow_tie), oid
    assert 'id="q' in block(page, "w-select-n") and "hidden>" in block(page, "w-select-n")
    assert re.search(r'<div class="error-summary" role="alert"', page)
    assert "Your answer to question" in page and "Your other answers are saved." in page
    assert re.search(r'<a href="#question-\d+">Question \d+, “Actions to take”', page)


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
    match = re.search(r"<strong>(\d+) / (\d+) marks · 100%</strong>", page)
    assert match and match.group(1) == match.group(2)
    assert page.count('<span class="outcome">Correct</span>') == 15
