"""Pure scoring: graders per question type and the NCLEX rules. No Flask, no database."""

from .grade import InvalidResponse, grade, key_answer, max_score, read_answer
from .score import Score

__all__ = ["InvalidResponse", "Score", "grade", "key_answer", "max_score", "read_answer"]
