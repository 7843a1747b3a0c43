"""The instructor's pages: gradebook, students, cohorts, exports, statistics and questions."""

from . import accounts, cohorts, exports, filters, gradebook, questions, statistics  # noqa: F401  (register views)
from .blueprint import bp

__all__ = ["bp"]
