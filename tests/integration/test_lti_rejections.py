"""Every bad launch gets a 4xx page saying what was wrong, and leaves nothing behind: no
session cookie, no account, no course."""

from __future__ import annotations

import time
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.lti import claims as c
from quizapp.models import Cohort, LtiNonce, LtiUser, User
from quizapp.models.types import utcnow
from tests.helpers.lti import LMS, public_jwk, rsa_key

OTHER_KEY = rsa_key()


def _claims(**changes):
    """A launch whose claims differ from a good one by `changes` (None drops a claim)."""
    return lambda platform, nonce: platform.sign(platform.claims(nonce, **changes))


def _dated(iat: int, exp: int):
    """Claims dated relative to the moment the launch is made (not when the module was
    imported: a slow suite reached these cases more than 15 minutes after import)."""
    def make(platform, nonce):
        now = int(time.time())
        return platform.sign(platform.claims(nonce, iat=now + iat, exp=now + exp))
    return make


def _signed(**sign):
    return lambda platform, nonce: platform.sign(platform.claims(nonce), **sign)


CASES = {
    "wrong audience": (_claims(aud="another-tool"), 403, "client id 'another-tool' is not"),
    "audience of several tools without azp": (
        _claims(aud=["quizapp-client-1", "another-tool"]), 403, "authorised party"),
    "wrong issuer": (_claims(iss="https://evil.example"), 403, "issuer 'https://evil.example'"),
    "expired": (_dated(iat=-900, exp=-600), 403, "has expired"),
    "issued in the future": (_dated(iat=900, exp=1200), 403, "in the future"),
    "unknown key id": (_signed(kid="no-such-key"), 403, "key id that the LMS's key set"),
    "signed by another key": (_signed(key=OTHER_KEY), 403, "signature does not match"),
    "symmetric algorithm": (lambda p, n: p.sign(p.claims(n), key="a-shared-secret" * 3,
                                                alg="HS256"), 403, "key id"),
    "unknown deployment": (_claims(**{c.DEPLOYMENT_ID: "9:other"}), 403, "deployment"),
    "nonce we never issued": (lambda p, n: p.sign(p.claims("made-up-nonce")), 403,
                              "nonce is not one this tool issued"),
    "no sub": (_claims(sub=None), 400, "no 'sub' claim"),
    "no exp": (_claims(exp=None), 400, "no 'exp' claim"),
    "no nonce": (lambda p, n: p.sign({k: v for k, v in p.claims(n).items() if k != "nonce"}),
                 400, "no 'nonce' claim"),
    "no roles": (_claims(**{c.ROLES: None}), 400, "roles"),
    "no deployment id": (_claims(**{c.DEPLOYMENT_ID: None}), 400, "deployment_id"),
    "no resource link": (_claims(**{c.RESOURCE_LINK: None}), 400, "resource link id"),
    "unknown message type": (_claims(**{c.MESSAGE_TYPE: "LtiStartProctoring"}), 400,
                             "message type"),
    "wrong version": (_claims(**{c.VERSION: "1.1"}), 400, "1.3.0"),
    "context without id": (_claims(**{c.CONTEXT: {"title": "No id"}}), 400, "no context id"),
    "malformed custom claim": (_claims(**{c.CUSTOM: "quiz:demo/basics-quiz"}), 400,
                               "must be an object"),
    "not a JWT": (lambda p, n: "not.a.jwt-at-all", 400, "not a JSON Web Token"),
}


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _nothing_left(app, response) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    assert not [h for h in cookies if h.startswith("session=")], cookies
    with app.app_context():
        for model in (User, LtiUser, Cohort):
            assert db.session.scalar(select(func.count(model.id))) == 0, model.__name__


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_launch_is_refused_with_its_reason_and_leaves_nothing(app, client, registered,
                                                                    case):
    make, status, reason = CASES[case]
    started = registered.login(client)
    response = registered.post_launch(client, make(registered, started.nonce), started.state)
    assert response.status_code == status, text(response)
    assert reason in text(response)
    _nothing_left(app, response)


def test_a_replayed_launch_is_refused(app, client, registered):
    started = registered.login(client)
    token = registered.sign(registered.claims(started.nonce))
    assert registered.post_launch(client, token, started.state).status_code == 303
    again = registered.post_launch(client, token, started.state)
    assert again.status_code == 403
    assert "already used" in text(again)
    elsewhere = app.test_client()  # the token stolen and posted from another browser
    stolen = registered.post_launch(elsewhere, token, started.state)
    assert stolen.status_code == 403 and "did not begin in this browser" in \
        text(stolen)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_a_state_that_is_not_this_browsers_is_refused(app, client, registered):
    started = registered.login(client)
    token = registered.sign(registered.claims(started.nonce))
    response = registered.post_launch(client, token, "state-made-up")
    assert response.status_code == 403
    assert "did not begin in this browser" in text(response)
    _nothing_left(app, response)


def test_a_login_after_its_nonce_expired_is_refused(app, client, registered):
    started = registered.login(client)
    with app.app_context():
        db.session.execute(update(LtiNonce).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    response = registered.post_launch(client, registered.sign(registered.claims(started.nonce)),
                                      started.state)
    assert response.status_code == 403 and "expired" in text(response)
    _nothing_left(app, response)


def test_logins_from_an_unknown_lms_or_without_a_hint_are_refused(app, client, registered):
    unknown = client.get("/lti/login?iss=https://evil.example&login_hint=x&new_window=1")
    assert unknown.status_code == 403
    assert "https://evil.example" in text(unknown)
    no_hint = client.get(f"/lti/login?iss={LMS}&new_window=1")
    assert no_hint.status_code == 400 and "login_hint" in text(no_hint)
    other = client.get(f"/lti/login?iss={LMS}&login_hint=x&lti_deployment_id=9:x&new_window=1")
    assert other.status_code == 403 and "9:x" in text(other)
    _nothing_left(app, unknown)


def test_a_removed_lms_can_no_longer_launch(app, client, registered, runner):
    assert runner.invoke(args=["quiz", "lti", "remove", registered.name]).exit_code == 0
    response = client.get(f"/lti/login?iss={LMS}&login_hint=x&new_window=1")
    assert response.status_code == 403


def test_the_key_set_is_fetched_again_when_the_lms_rotates_its_key(app, client, registered,
                                                                  lms):
    registered.launch(client)  # caches the key set
    new_key = rsa_key()
    lms.replace("GET", registered.keyset_url, json={"keys": [
        *registered.jwks()["keys"],
        public_jwk(new_key, "lms-key-2")]})
    other = app.test_client()
    started = registered.login(other)
    token = registered.sign(registered.claims(started.nonce, sub="lms-user-2"), key=new_key,
                            kid="lms-key-2")
    assert registered.post_launch(other, token, started.state).status_code == 303


def test_an_lms_whose_key_set_is_down_gets_a_502_that_says_so(app, client, registered, lms):
    lms.replace("GET", registered.keyset_url, status=503, body="down")
    response = registered.launch(client)
    assert response.status_code == 502
    assert "key set" in text(response)
    _nothing_left(app, response)
