"""Pure statistics for instructors' reports: no Flask, no database.

Functions take compact in-memory data (marks per attempt, counts) that a service fetched with a
few SQL queries, and return frozen dataclasses. Undefined values (too few attempts, zero
variance) are None; pages show them as an em dash.
"""

from .descriptive import QuizSummary, median, sample_variance, summarise
from .distribution import Bin, Period, cumulative_by_period, histogram
from .items import (
           AttemptMarks,
           ItemStats,
           OptionStat,
           analyse,
           flags,
           item_statistics,
           option_stats,
)
from .tags import TagScore, tally

__all__ = ["AttemptMarks", "Bin", "ItemStats", "OptionStat", "Period", "QuizSummary", "TagScore",
           "analyse", "cumulative_by_period", "flags", "histogram", "item_statistics", "median",
           "option_stats", "sample_variance", "summarise", "tally"]
