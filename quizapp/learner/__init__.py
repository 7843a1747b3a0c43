"""The student's pages: dashboard, lessons, quizzes, attempts, results and practice."""

from . import media, practice_routes, routes  # noqa: F401  (register their views on bp)
from .blueprint import bp

__all__ = ["bp"]
