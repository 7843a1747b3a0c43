"""Database models, one module per aggregate."""

from .attempts import EVENT_KINDS, Attempt, AttemptEvent, AttemptItem, Response
from .catalog import Lesson, Module, Question, QuestionVersion, Quiz
from .progress import LessonProgress
from .users import MAX_EXTRA_TIME, ROLES, User

__all__ = ["EVENT_KINDS", "MAX_EXTRA_TIME", "ROLES", "Attempt", "AttemptEvent", "AttemptItem",
           "Lesson", "LessonProgress", "Module", "Question", "QuestionVersion", "Quiz", "Response",
           "User"]
