"""The `flask --app quizapp quiz ...` commands. Each module registers its commands on the one
`quiz` group defined in group.py; importing them here is what registers them."""

from . import (  # noqa: F401  (importing a module registers its commands)
    accounts,
    attempts,
    authoring,
    demo,
    interop,
    lti,
    operations,
    privacy,
    reports,
)
from .group import quiz_cli

__all__ = ["quiz_cli"]
