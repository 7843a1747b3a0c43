"""Question types: a parser per type (classic, choice, grid, cloze, entry) and the one
registry (registry.py) that gives each type its parser, rules, grader and widget."""

from .registry import (
    TYPES,
    QuestionType,
    default_rule,
    grade,
    key_answer,
    max_score,
    options_answer,
    question_type,
    read_answer,
    stem_asks,
)

__all__ = ["TYPES", "QuestionType", "default_rule", "grade", "key_answer", "max_score",
           "options_answer", "question_type", "read_answer", "stem_asks"]
