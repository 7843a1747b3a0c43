"""Attempts: start (or resume), save answers, submit exactly once, grade against snapshots.

The modules, one concern each: lookup (the owner check, the row lock, items and responses),
start (with draw: which questions), save, refusal (time up, stale page), refused_answers (one
answer that does not fit, said for the student), submit (and close_overdue), grading (finish an
attempt), clock (deadlines and closes), audit (the event trail), stages and advance (unfolding
case studies); practice (check one question) and quizzes and pages (read models for the quiz,
attempt and result pages) build on them.

The names below are the package's public API, so callers write `attempts.save_answers(...)`.
"""

from .advance import advance_stage
from .lookup import attempt_questions, owned_attempt
from .refusal import STALE_MESSAGE, SUBMITTED_MESSAGE, TIME_UP_MESSAGE, ended_message
from .refused_answers import AnswersRefused, RefusedAnswer
from .save import MAX_ANSWERS_PER_SAVE, Answers, Confidence, Saved, save_answers
from .stages import StageClosed
from .start import NoAttemptsLeft, QuizNotOpen, start_attempt
from .submit import close_if_overdue, close_overdue, submit_attempt

__all__ = ["MAX_ANSWERS_PER_SAVE", "STALE_MESSAGE", "SUBMITTED_MESSAGE", "TIME_UP_MESSAGE",
           "Answers", "AnswersRefused", "Confidence", "NoAttemptsLeft", "QuizNotOpen",
           "RefusedAnswer", "Saved", "StageClosed", "advance_stage", "attempt_questions",
           "close_if_overdue", "close_overdue", "ended_message", "owned_attempt",
           "save_answers", "start_attempt", "submit_attempt"]
