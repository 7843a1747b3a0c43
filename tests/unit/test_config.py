import importlib
import sys

import pytest

from quizapp import create_app
from quizapp.config import database_url
from quizapp.readiness import MISSING_SECRET, database_url_problem, setup_problem


def test_without_a_secret_key_outside_development_nothing_is_served(monkeypatch, tmp_path):
    """The app can still be made (file-only commands need no secret), but it serves nothing,
    and wsgi.py (what gunicorn loads) refuses to start."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert setup_problem(app) == MISSING_SECRET
    for path in ("/login", "/healthz", "/"):
        response = app.test_client().get(path)
        assert response.status_code == 503
        assert b"not configured" in response.data
    sys.modules.pop("wsgi", None)
    with pytest.raises(RuntimeError, match="quizapp will not serve pages: SECRET_KEY is not set"):
        importlib.import_module("wsgi")
    assert not (tmp_path / "x.sqlite").exists()


def test_wsgi_serves_a_complete_configuration(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    sys.modules.pop("wsgi", None)
    app = importlib.import_module("wsgi").app
    assert setup_problem(app) is None
    assert app.test_client().get("/healthz").data == b"ok\n"
    sys.modules.pop("wsgi", None)


@pytest.mark.parametrize("url, problem", [
    ("sqlite:////tmp/x.sqlite", None),
    ("postgresql+psycopg://u:pw@h/db", None),
    ("not a url", "DATABASE_URL is not a database URL"),
    ("oracle9://u:pw@h/db", "DATABASE_URL names 'oracle9', which is no database quizapp"),
    ("mysql://u:pw@h/db", "DATABASE_URL needs the Python driver 'MySQLdb', which is not"),
])
def test_an_unusable_database_url_is_said_in_one_line(url, problem):
    found = database_url_problem(url)
    assert (found is None) if problem is None else (found.startswith(problem) and
                                                    "pw" not in found and "\n" not in found)


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize("given, expected", [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
])
def test_database_url_names_the_driver(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url("/instance") == expected


def test_default_database_is_sqlite_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url("/srv/app/instance") == "sqlite:////srv/app/instance/quizapp.sqlite"
