"""Database models, one module per aggregate."""

from .attempts import EVENT_KINDS, Attempt, AttemptEvent, AttemptItem, AttemptStage, Response
from .audit import AUDIT_ACTIONS, AuditEvent
from .availability import AttemptGrant, QuizWindow
from .catalog import SNAPSHOT_TEXT, Lesson, Module, Question, QuestionVersion, Quiz
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

__all__ = ["AUDIT_ACTIONS", "EVENT_KINDS", "MAX_EXTRA_TIME", "ROLES", "Attempt", "AttemptEvent",
           "AttemptGrant", "AttemptItem", "AttemptStage", "AuditEvent", "Cohort",
           "CohortInstructor", "CohortMember", "Lesson", "LessonProgress", "LtiContext",
           "LtiDeployment", "LtiGradeOutbox", "LtiKey", "LtiNonce", "LtiPlatform",
           "LtiResourceLink", "LtiUser", "MediaFile", "Module", "Question", "QuestionVersion",
           "Quiz", "QuizWindow", "RegradeRecord", "Response", "ReviewCard", "SNAPSHOT_TEXT", "User",
           "UserSession"]
