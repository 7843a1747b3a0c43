"""The LMS's door (LTI 1.3): OIDC login, launch, key set, Canvas configuration, deep linking."""

from . import deep_linking, routes, session  # noqa: F401  (register their views and hooks)
from .blueprint import bp
from .session import LmsSessionInterface

__all__ = ["LmsSessionInterface", "bp"]
