"""Database models, one module per aggregate."""

from .attempts import Attempt, AttemptItem, Response
from .catalog import Lesson, Module, Question, QuestionVersion, Quiz
from .cohorts import Cohort, CohortMember
from .progress import LessonProgress
from .regrades import RegradeRecord
from .review import ReviewCard
from .users import ROLES, User

__all__ = ["ROLES", "Attempt", "AttemptItem", "Cohort", "CohortMember", "Lesson",
           "LessonProgress", "Module", "Question", "QuestionVersion", "Quiz", "RegradeRecord",
           "Response", "ReviewCard", "User"]
