"""Fixtures shared by the integration tests beyond tests/conftest.py."""

from tests.integration.exam_helpers import clinic  # noqa: F401  (the clinic module, imported)
