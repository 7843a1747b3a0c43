"""The student's pages: dashboard, lessons, quizzes, attempts, results and practice."""

from . import attempt_routes, media, practice_routes, routes  # noqa: F401  (register their views)
from .blueprint import bp

__all__ = ["bp"]
