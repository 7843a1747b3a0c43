"""Fixtures for the integration tests beyond the shared ones in tests/conftest.py."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.integration.exam_helpers import clinic  # noqa: F401  (the clinic module, imported)


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it, of the same backend as the run's."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = f"{make_url(database_url).database}_migrations"  # one per test database: helpers
    # and CI runs sharing a server never drop each other's
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


# The fake LMS of the LTI tests (tests/helpers/lti.py) -------------------------------------

@pytest.fixture(scope="session")
def platform_key():
    """The fake LMS's RSA key: made once per run, never stored."""
    from tests.helpers.lti import rsa_key
    return rsa_key()


@pytest.fixture
def platform(platform_key):
    from tests.helpers.lti import FakePlatform
    return FakePlatform(platform_key)


@pytest.fixture
def lms(platform):
    """The LMS's endpoints, answered offline; any other outgoing request fails the test."""
    import responses

    from quizapp.lti import tool
    tool._KEY_SETS.clear()  # each test fetches the key set afresh
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        platform.serve(mock)
        yield mock


@pytest.fixture
def registered(runner, platform, imported, lms):
    """The demo course imported and the fake LMS registered (with the tool's first key)."""
    result = platform.register(runner)
    assert result.exit_code == 0, result.output
    return platform
