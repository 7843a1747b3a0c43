"""Pure scoring: the NCLEX rules (rules.py), the shapes a response may take (responses.py)
and the graders built on them (choice, parts, entry). No Flask, no database, and nothing from
the rest of the app: a grader reads a question through the protocols in gradable.py. Which
grader a question type uses, and `grade(question, response)`, live in the type registry
(quizapp.content.types)."""

from .responses import InvalidResponse, Kind
from .score import Score

__all__ = ["InvalidResponse", "Kind", "Score"]
