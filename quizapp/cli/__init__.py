"""The `flask --app quizapp quiz ...` commands. Each module registers its commands on the one
`quiz` group defined in group.py; importing them here is what registers them."""

from . import accounts, attempts, authoring, lti, reports  # noqa: F401  (register commands)
from .group import quiz_cli

__all__ = ["quiz_cli"]
