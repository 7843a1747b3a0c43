"""SITE_NAME: the name in the header and every page title ("Page — SITE_NAME"), from the
configuration, escaped like any other text."""

from __future__ import annotations

import re

import pytest

from quizapp import create_app
from quizapp.config import DEFAULT_SITE_NAME, from_environment
from quizapp.extensions import db
from tests.helpers.data import PASSWORD, app_config
from tests.helpers.web import post

PAGES = ["/login", "/signup", "/", "/modules/demo/lessons/basics", "/no-such-page"]


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found, html[:200]
    return found.group(1)


def _brand(html: str) -> str:
    found = re.search(r'<a class="brand" href="[^"]*">(.*?)</a>', html)
    assert found
    return found.group(1)


def _pages(app, auth_user=None):
    client = app.test_client()
    if auth_user:
        assert post(client, "/login", {"username": auth_user, "password": PASSWORD}
                    ).status_code == 302
    return {path: client.get(path, follow_redirects=True).get_data(as_text=True)
            for path in PAGES}


def test_the_default_name_is_in_the_header_and_every_title(app, make_user, imported):
    make_user(username="amal")
    for path, html in _pages(app).items():
        assert _brand(html) == DEFAULT_SITE_NAME, path
        assert _title(html).endswith(f" — {DEFAULT_SITE_NAME}"), (path, _title(html))
    assert _title(_pages(app)["/login"]) == f"Log in — {DEFAULT_SITE_NAME}"
    assert "quizapp" not in _title(_pages(app)["/login"])


@pytest.fixture
def named_app(database_url):
    made = []

    def make(name):
        made.append(create_app({**app_config(database_url), "SITE_NAME": name}))
        return made[-1]

    yield make
    for app in made:  # close its connections now, not whenever it is garbage-collected
        with app.app_context():
            db.engine.dispose()


def test_site_name_changes_the_header_and_titles(named_app, make_user, imported):
    app = named_app("St Mary's School of Nursing")
    make_user(username="amal")
    signed_in = _pages(app, "amal")
    for path, html in {**_pages(app), **signed_in}.items():
        assert _brand(html) == "St Mary&#39;s School of Nursing", path
        assert _title(html).endswith(" — St Mary&#39;s School of Nursing"), path
        assert DEFAULT_SITE_NAME not in html
    assert _title(signed_in["/"]) == "My progress — St Mary&#39;s School of Nursing"
    # The module's own title is where the course is: the dashboard's heading for it.
    assert "<h2 id=\"module-demo\">" in signed_in["/"]


def test_a_hostile_site_name_is_escaped(named_app, make_user, imported):
    app = named_app('<script>alert(1)</script>"')
    html = _pages(app)["/login"]
    assert "<script>alert(1)" not in html
    assert _title(html) == "Log in — &lt;script&gt;alert(1)&lt;/script&gt;&#34;"
    assert _brand(html) == "&lt;script&gt;alert(1)&lt;/script&gt;&#34;"


@pytest.mark.parametrize("value, expected", [
    (None, DEFAULT_SITE_NAME), ("", DEFAULT_SITE_NAME), ("   ", DEFAULT_SITE_NAME),
    ("Nursing @ Example U", "Nursing @ Example U"),
])
def test_site_name_comes_from_the_environment(monkeypatch, tmp_path, value, expected):
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    if value is None:
        monkeypatch.delenv("SITE_NAME", raising=False)
    else:
        monkeypatch.setenv("SITE_NAME", value)
    assert from_environment(str(tmp_path))["SITE_NAME"] == expected
