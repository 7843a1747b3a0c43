"""The test data folders, the password every test account has, and the app's test config."""

from __future__ import annotations

import os
from pathlib import Path

DATA = Path(__file__).parent.parent / "data"
DEMO_BANK = DATA / "bank"
NGN_BANK = DATA / "ngn"
PASSWORD = "correct-horse-9"
# pytest-xdist's name for this worker process ("gw0", "gw1", ...); "" in a serial run. What a
# worker keeps outside its tmp_path (PostgreSQL databases, Redis keys) is named after it.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def app_config(url: str) -> dict[str, object]:
    """create_app's settings for tests on the database at `url`."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "QUESTIONS_PATH": str(DEMO_BANK),
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "SERVER_NAME": "quizapp.test",
        # LTI calls to the LMS run when a test says so (drain, sync), or when it turns this on.
        "LTI_JOBS_AFTER_RESPONSE": False,
    }
