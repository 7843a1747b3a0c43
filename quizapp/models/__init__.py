"""Database models, one module per aggregate."""

from .attempts import EVENT_KINDS, Attempt, AttemptEvent, AttemptItem, Response
from .catalog import Lesson, Module, Question, QuestionVersion, Quiz
from .cohorts import Cohort, CohortInstructor, CohortMember
from .lti import (
    LtiContext,
    LtiDeployment,
    LtiGradeOutbox,
    LtiKey,
    LtiNonce,
    LtiPlatform,
    LtiResourceLink,
    LtiUser,
)
from .media import MediaFile
from .progress import LessonProgress
from .regrades import RegradeRecord
from .review import ReviewCard
from .users import MAX_EXTRA_TIME, ROLES, User, UserSession

__all__ = ["EVENT_KINDS", "MAX_EXTRA_TIME", "ROLES", "Attempt", "AttemptEvent", "AttemptItem",
           "Cohort", "CohortInstructor", "CohortMember", "Lesson", "LessonProgress",
           "LtiContext", "LtiDeployment", "LtiGradeOutbox", "LtiKey", "LtiNonce", "LtiPlatform",
           "LtiResourceLink", "LtiUser", "MediaFile", "Module", "Question", "QuestionVersion",
           "Quiz", "RegradeRecord", "Response", "ReviewCard", "User", "UserSession"]
