"""Database models, one module per aggregate."""

from .attempts import Attempt, AttemptItem, Response
from .catalog import Lesson, Module, Question, QuestionVersion, Quiz
from .progress import LessonProgress
from .regrades import RegradeRecord
from .users import ROLES, User

__all__ = ["ROLES", "Attempt", "AttemptItem", "Lesson", "LessonProgress", "Module", "Question",
           "QuestionVersion", "Quiz", "RegradeRecord", "Response", "User"]
