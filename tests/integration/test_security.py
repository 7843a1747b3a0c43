"""OWASP ASVS L1-2 items that apply: headers, caching, session cookies (login throttling:
test_throttling.py)."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from quizapp import create_app
from tests.helpers.data import PASSWORD
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
