"""Attempts: start (or resume), save answers, submit exactly once, grade against snapshots.

The modules, one concern each: lookup (the owner check, the row lock, items and responses),
start, save, refusal (time up, stale page), refused_answers (one answer that does not fit,
said for the student), submit (and close_overdue), grading (finish an
attempt), clock (deadlines), audit (the event trail); practice (check one question) and
quizzes (read models for the quiz, attempt and result pages) build on them.

The names below are the package's public API, so callers write `attempts.save_answers(...)`.
"""

from .lookup import attempt_questions, owned_attempt
from .refusal import STALE_MESSAGE, SUBMITTED_MESSAGE, TIME_UP_MESSAGE
from .refused_answers import AnswersRefused, RefusedAnswer
from .save import MAX_ANSWERS_PER_SAVE, Answers, Confidence, Saved, save_answers
from .start import start_attempt
from .submit import close_overdue, submit_attempt

__all__ = ["MAX_ANSWERS_PER_SAVE", "STALE_MESSAGE", "SUBMITTED_MESSAGE", "TIME_UP_MESSAGE",
           "Answers", "AnswersRefused", "Confidence", "RefusedAnswer", "Saved",
           "attempt_questions", "close_overdue", "owned_attempt", "save_answers",
           "start_attempt", "submit_attempt"]
