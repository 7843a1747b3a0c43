"""Pure statistics for instructors' reports: no Flask, no database.

Functions take compact in-memory data (histograms of marks that a service grouped in SQL,
counts) and return frozen dataclasses. Undefined values (too few attempts, zero variance) are
None; pages show them as an em dash.
"""

from . import items
from .descriptive import QuizSummary, cronbach_alpha, median, sample_variance, summarise
from .distribution import Bin, Period, cumulative_by_period, histogram
from .items import AttemptMarks, ItemStats, OptionStat, analyse, flags, item_statistics
from .options import OptionGroup, never_chosen, option_group, typed_group
from .tags import TagScore, tally

option_stats = items.option_stats
quiz_summary = items.quiz_summary

__all__ = ["AttemptMarks", "Bin", "ItemStats", "OptionGroup", "OptionStat", "Period",
           "QuizSummary", "TagScore", "analyse", "cronbach_alpha", "cumulative_by_period",
           "flags", "histogram", "item_statistics", "median", "never_chosen", "option_group",
           "option_stats", "quiz_summary", "sample_variance", "summarise", "tally",
           "typed_group"]
