"""The instructor's pages: gradebook, students, cohorts, exports, statistics and questions."""

from . import (  # noqa: F401  (register views)
    accounts,
    bank_exports,
    cohort_people,
    cohorts,
    exports,
    filters,
    gradebook,
    lms,
    questions,
    quiz_settings,
    statistics,
)
from .blueprint import bp

__all__ = ["bp"]
