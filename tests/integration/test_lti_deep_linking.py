"""Deep linking: an instructor picks from our catalogue inside the LMS; the LMS gets signed
resource links, quizzes with a gradebook column out of their marks."""

from __future__ import annotations

import json
import re
from html import unescape

import jwt
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.lti import claims as c
from quizapp.models import User
from tests.helpers.lti import SCHOOL
from tests.helpers.web import post

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


def _deep_link(client, platform, **settings):
    started = platform.login(client)
    body = platform.deep_link_claims(started.nonce)
    body[c.DEEP_LINKING].update(settings)
    response = platform.post_launch(client, platform.sign(body), started.state)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def _verified(client, token: str, platform) -> dict:
    """The response JWT, checked against the tool's published key set as the LMS would."""
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = next(k for k in client.get("/lti/jwks").get_json()["keys"] if k["kid"] == kid)
    return jwt.decode(token, RSAAlgorithm.from_jwk(json.dumps(jwk)), algorithms=["RS256"],
                      audience=platform.issuer, issuer=platform.client_id)


def _return_form(html: str) -> tuple[str, str]:
    action = re.search(r'<form method="post" action="([^"]+)" id="lti-return"', html).group(1)
    token = re.search(r'name="JWT" value="([^"]+)"', html).group(1)
    return unescape(action), token


def test_an_instructor_adds_a_quiz_with_a_gradebook_column_out_of_its_marks(client,
                                                                          registered):
    picker = _deep_link(client, registered)
    page = client.get(picker)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Quiz: Basics" in html and 'type="radio"' in html
    assert "(out of 3)" in html  # the demo quiz: three questions of one mark each
    chosen = post(client, picker, {"target": "quiz:demo/basics-quiz", "action": "add"})
    assert chosen.status_code == 200
    action, token = _return_form(chosen.get_data(as_text=True))
    assert action == f"{SCHOOL}/courses/1/deep_linking_response"
    assert f"form-action 'self' {SCHOOL}" in chosen.headers["Content-Security-Policy"]
    message = _verified(client, token, registered)
    assert message[c.MESSAGE_TYPE] == "LtiDeepLinkingResponse"
    assert message[c.DEPLOYMENT_ID] == registered.deployment
    assert message[DL + "data"] == "opaque-lms-data"
    [item] = message[DL + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["url"] == "http://quizapp.test/lti/launch"
    assert item["custom"] == {"quizapp_target": "quiz:demo/basics-quiz"}
    assert item["lineItem"]["scoreMaximum"] == 3
    assert item["lineItem"]["resourceId"] == "quiz:demo/basics-quiz"
    assert client.get(picker).status_code == 404  # one answer per request


def test_a_lesson_has_no_gradebook_column_and_several_items_when_the_lms_takes_them(
        client, registered):
    picker = _deep_link(client, registered, accept_multiple=True)
    assert 'type="checkbox"' in client.get(picker).get_data(as_text=True)
    chosen = post(client, picker, {"target": ["lesson:demo/basics", "quiz:demo/basics-quiz"],
                                   "action": "add"})
    _, token = _return_form(chosen.get_data(as_text=True))
    items = _verified(client, token, registered)[DL + "content_items"]
    assert [i["custom"]["quizapp_target"] for i in items] == ["lesson:demo/basics",
                                                              "quiz:demo/basics-quiz"]
    assert "lineItem" not in items[0] and items[1]["lineItem"]["scoreMaximum"] == 3


def test_choices_the_lms_cannot_take_are_refused_and_cancel_returns_nothing(client,
                                                                          registered):
    picker = _deep_link(client, registered)
    two = post(client, picker, {"target": ["lesson:demo/basics", "quiz:demo/basics-quiz"]})
    assert two.status_code == 400 and "just one" in two.get_data(as_text=True)
    none = post(client, picker, {"action": "add"})
    assert none.status_code == 400 and "Choose" in none.get_data(as_text=True)
    gone = post(client, picker, {"target": "quiz:demo/nope", "action": "add"})
    assert gone.status_code == 400 and "not in the catalogue" in unescape(
        gone.get_data(as_text=True))
    cancelled = post(client, picker, {"action": "cancel"})
    _, token = _return_form(cancelled.get_data(as_text=True))
    assert _verified(client, token, registered)[DL + "content_items"] == []


def test_a_learner_cannot_deep_link(app, client, registered):
    started = registered.login(client)
    body = registered.deep_link_claims(started.nonce, **{c.ROLES: [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]})
    response = registered.post_launch(client, registered.sign(body), started.state)
    assert response.status_code == 403
    assert "instructors" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_the_link_made_by_deep_linking_opens_its_quiz(client, registered):
    picker = _deep_link(client, registered)
    chosen = post(client, picker, {"target": "quiz:demo/basics-quiz", "action": "add"})
    _, token = _return_form(chosen.get_data(as_text=True))
    [item] = _verified(client, token, registered)[DL + "content_items"]
    student = client.application.test_client()
    response = registered.launch(student, sub="student-9", **{c.CUSTOM: item["custom"]})
    assert response.headers["Location"].endswith("/modules/demo/quizzes/basics-quiz")


def test_the_catalogue_offers_every_lesson_quiz_and_the_final_exam(client, registered):
    picker = _deep_link(client, registered, accept_multiple=True)
    html = client.get(picker).get_data(as_text=True)
    targets = re.findall(r'value="((?:lesson|quiz):[^"]+)"', html)
    assert "quiz:demo/demo-final" in targets and "Final exam: Demo final exam" in html
    assert targets.index("lesson:demo/basics") < targets.index("quiz:demo/basics-quiz") \
        < targets.index("quiz:demo/demo-final")
    chosen = post(client, picker, {"target": "quiz:demo/demo-final", "action": "add"})
    _, token = _return_form(chosen.get_data(as_text=True))
    [item] = _verified(client, token, registered)[DL + "content_items"]
    assert item["lineItem"]["scoreMaximum"] == 4  # a form: two questions from each lesson
