"""Configuration: safe defaults, overridden from the environment. Read once by create_app."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _secret_key(instance_path: str, development: bool) -> str | None:
    """SECRET_KEY from the environment; in development, a key kept under instance/. None when
    missing outside development: what needs it refuses then (quizapp/readiness.py), while
    commands that only read files still run."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not development:
        return None
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url(instance_path: str) -> str:
    """DATABASE_URL, or an SQLite file under instance/."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url
    return "sqlite:///" + str(Path(instance_path) / "quizapp.sqlite")


# What students see in the header and every page title. Not a module's title: one site holds
# any number of modules (a folder each), and the module's own title is shown where the course
# is (the dashboard's section headings, the lesson and quiz breadcrumbs). Schools set their own.
DEFAULT_SITE_NAME = "Nursing self-assessment"

DEFAULTS: dict[str, object] = {
    "DEVELOPMENT": False,
    "SITE_NAME": DEFAULT_SITE_NAME,
    "QUESTIONS_PATH": "questions",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    # The cookie is signed and sent at login and again when the server extends the session
    # (services/accounts/sessions.py: once less than half its lifetime is left), not on every
    # reply: signing it costs every request of an exam CPU for nothing.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "WTF_CSRF_TIME_LIMIT": None,  # a long quiz must not lose its answers to an expired token
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Timed quizzes: saves are still accepted this long after the deadline (a slow network).
    "QUIZ_GRACE_SECONDS": 60,
    # Throttling (Flask-Limiter's storage; services/accounts/throttle.py for logins).
    # memory:// counts per process: with several workers or servers use redis://.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STORAGE_OPTIONS": {},
    "RATELIMIT_STRATEGY": "moving-window",
    # A store that is down must not keep a class out: requests go on, the error is logged.
    "RATELIMIT_SWALLOW_ERRORS": True,
    # Ceilings per address, high enough for a whole class behind one school address (NAT):
    # wrong passwords (for any accounts), and sign-ups (each costs an argon2 hash).
    "LOGIN_LIMIT_PER_ADDRESS": "500 per 15 minutes",
    "SIGNUP_LIMIT_PER_ADDRESS": "60 per minute; 400 per hour",
    # Proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none).
    "TRUSTED_PROXY_COUNT": 0,
    # LTI: send grades and sync rosters right after the response that caused them (the
    # timer job `quiz lti send-outbox` catches whatever is left, e.g. when an LMS was down).
    "LTI_JOBS_AFTER_RESPONSE": True,
    # LTI logins per address: a whole class behind one school address (NAT) opens at once.
    "LTI_LOGIN_LIMIT_PER_ADDRESS": "600 per minute",
}


def _int_setting(name: str, default: int, problems: list[str]) -> int:
    """A whole-number setting; a bad value is noted in `problems` (refused when the app needs
    it, quizapp/readiness.py) and the default stands meanwhile."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        problems.append(f"{name} must be a whole number, not {raw!r}")
        return default


def from_environment(instance_path: str) -> dict[str, object]:
    """The settings this process's environment asks for (applied over DEFAULTS)."""
    development = os.environ.get("QUIZAPP_ENV", "production") == "development"
    problems: list[str] = []
    return {
        "DEVELOPMENT": development,
        "SECRET_KEY": _secret_key(instance_path, development),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "QUESTIONS_PATH": os.environ.get("QUESTIONS_PATH", "questions"),
        "SITE_NAME": os.environ.get("SITE_NAME", "").strip() or DEFAULT_SITE_NAME,
        # Plain http is fine on one's own machine; anywhere else cookies need https.
        "SESSION_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_SECURE": not development,
        "QUIZ_GRACE_SECONDS": _int_setting("QUIZ_GRACE_SECONDS", 60, problems),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "memory://",
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS")
        or DEFAULTS["LOGIN_LIMIT_PER_ADDRESS"],
        "SIGNUP_LIMIT_PER_ADDRESS": os.environ.get("SIGNUP_LIMIT_PER_ADDRESS")
        or DEFAULTS["SIGNUP_LIMIT_PER_ADDRESS"],
        "TRUSTED_PROXY_COUNT": _int_setting("TRUSTED_PROXY_COUNT", 0, problems),
        "SETTING_PROBLEMS": problems,
    }


def shared_counts_warning(workers: int, storage_uri: str) -> str | None:
    """What to tell the operator when several worker processes would each keep their own
    login-throttling counts (memory://): limits multiplied by the workers, a wait in one
    worker unknown to the next. None when the counts are shared or there is one process."""
    if workers > 1 and (storage_uri or "memory://").startswith("memory://"):
        return (f"{workers} workers count failed logins and sign-ups in memory, each on its "
                f"own: set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (or another shared "
                f"store) so that every worker and server shares one count "
                f"(docs/operations.md, Throttling)")
    return None
