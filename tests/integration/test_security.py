"""OWASP ASVS L1-2 items that apply: headers, caching, session cookies, login throttling."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask

from quizapp import create_app
from quizapp.extensions import db, limiter
from tests.helpers.data import PASSWORD, app_config
from tests.helpers.web import KEYS, csrf_token, post, start, submit


def login(client, username, password=PASSWORD):
    return post(client, "/login", {"username": username, "password": password})


def test_security_headers_on_every_kind_of_response(client, make_user, imported):
    make_user(username="amal")
    responses = [client.get("/login"), client.get("/healthz"), client.get("/no-such-page")]
    login(client, "amal")
    responses.append(client.get("/modules/demo/quizzes/basics-quiz"))
    for response in responses:
        csp = dict(d.strip().split(" ", 1) for d in
                   response.headers["Content-Security-Policy"].split(";"))
        assert csp["script-src"] == "'self'"  # no inline script, no eval
        assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_no_hsts_in_development(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    response = create_app().test_client().get("/healthz")
    assert "Strict-Transport-Security" not in response.headers


def test_personal_pages_and_answers_are_never_cached(app, client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    done = start(client)
    submit(client, done, KEYS)
    open_id = start(client)
    for url in ("/", "/modules/demo/quizzes/basics-quiz", "/modules/demo/lessons/basics",
                f"/attempts/{open_id}", f"/attempts/{done}/result", "/login"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    saved = client.post(f"/attempts/{open_id}/answers", data={"sequence": "0"},
                        headers={"X-CSRFToken": csrf_token(client), "Accept": "application/json"})
    assert saved.status_code == 200 and saved.headers["Cache-Control"] == "no-store"
    figure = client.get("/modules/demo/lessons/basics/figures/parts.svg")
    assert figure.headers["Cache-Control"] == "private, max-age=300"  # a route's own choice
    with client.get("/static/app.css") as css:
        assert "no-store" not in css.headers.get("Cache-Control", "")


def test_session_cookie_is_httponly_lax_and_lasts_twelve_hours(client, make_user):
    make_user(username="amal")
    response = login(client, "amal")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    attributes = {part.strip().split("=")[0].lower(): part.strip()
                  for part in cookie.split(";")[1:]}
    assert "httponly" in attributes and attributes["samesite"] == "SameSite=Lax"
    expires = parsedate_to_datetime(attributes["expires"].split("=", 1)[1])
    lifetime = expires - datetime.now(UTC)
    assert timedelta(hours=11, minutes=55) < lifetime <= timedelta(hours=12)


def test_production_sessions_are_secure_and_hashes_are_argon2(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)


def test_failed_logins_are_limited_per_account_with_a_clear_429(client, make_user):
    make_user(username="amal")
    make_user(username="bea")
    for _ in range(5):
        assert login(client, "amal", "wrong-password").status_code == 400
    refused = login(client, "amal")  # even the right password: the account is throttled
    assert refused.status_code == 429
    body = refused.get_data(as_text=True)
    assert "Too many login attempts; try again in 15 minutes." in body
    assert 14 * 60 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert login(client, " AMAL ", "wrong-password").status_code == 429  # same account
    assert login(client, "bea").status_code == 302  # other accounts are not affected


def test_successful_logins_do_not_count(client, auth, make_user):
    make_user(username="amal")
    for _ in range(8):
        assert auth.login("amal").status_code == 302
        auth.logout()
    assert login(client, "amal", "wrong-password").status_code == 400


@pytest.fixture
def strict_app(database_url):
    """Apps with a per-address limit of 3 failed logins (their engines closed afterwards)."""
    apps = []

    def make(proxies: int) -> Flask:
        app = create_app({**app_config(database_url), "LOGIN_LIMIT_PER_ADDRESS": "3 per 15 minutes",
                          "TRUSTED_PROXY_COUNT": proxies})
        limiter.reset()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_failed_logins_are_limited_per_address(strict_app, make_user):
    for name in ("amal", "bea", "cai", "dana"):
        make_user(username=name)
    client = strict_app(proxies=1).test_client()
    here = {"X-Forwarded-For": "203.0.113.7"}
    for name in ("amal", "bea", "cai"):
        assert post(client, "/login", {"username": name, "password": "wrong-password"},
                    headers=here).status_code == 400
    assert post(client, "/login", {"username": "dana", "password": PASSWORD},
                headers=here).status_code == 429
    elsewhere = {"X-Forwarded-For": "198.51.100.2"}
    assert post(client, "/login", {"username": "dana", "password": PASSWORD},
                headers=elsewhere).status_code == 302


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(strict_app, make_user):
    """Without TRUSTED_PROXY_COUNT a client can't dodge the limit with a made-up header."""
    for name in ("amal", "bea", "cai", "dana"):
        make_user(username=name)
    client = strict_app(proxies=0).test_client()
    for i, name in enumerate(("amal", "bea", "cai")):
        post(client, "/login", {"username": name, "password": "wrong-password"},
             headers={"X-Forwarded-For": f"192.0.2.{i}"})
    assert post(client, "/login", {"username": "dana", "password": PASSWORD},
                headers={"X-Forwarded-For": "192.0.2.99"}).status_code == 429
