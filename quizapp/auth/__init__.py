"""Accounts in the browser: sign up, log in, log out."""

from . import routes  # noqa: F401  (registers its views on bp)
from .blueprint import bp

__all__ = ["bp"]
