"""The instructor's pages: gradebook, students, cohorts, exports, statistics and questions."""

from . import (  # noqa: F401  (register their views on bp)
    cohorts,
    exports,
    filters,
    gradebook,
    questions,
    quiz_settings,
    statistics,
)
from .blueprint import bp

__all__ = ["bp"]
