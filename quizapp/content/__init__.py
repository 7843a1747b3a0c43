"""Course content: YAML files -> frozen, typed objects. Knows nothing of Flask or the database."""

from .loader import load_bank
from .model import Bank, Lesson, Module, Option, Question, Quiz
from .problems import ContentError, Problem

__all__ = ["Bank", "ContentError", "Lesson", "Module", "Option", "Problem", "Question", "Quiz",
           "load_bank"]
