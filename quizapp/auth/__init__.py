"""Accounts in the browser: sign up, log in, log out (here or everywhere), your account and
password."""

from . import account, routes  # noqa: F401  (register their views on bp)
from .blueprint import bp

__all__ = ["bp"]
