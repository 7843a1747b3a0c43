"""Answers a save refuses, one by one, said in words a student understands (refusal.py is
about whole writes: a stale page, time up).

A save or submit stores every answer that fits its question and refuses the others, each with
a RefusedAnswer: the question's number and, for an item made of parts, the part's label (never
an internal id), what is wrong and what to do. One refused answer never costs another answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...content.model import Question
from ...content.types import question_type
from ...scoring import InvalidResponse
from ..errors import ServiceError
from ..questions.labels import part_label


@dataclass(frozen=True)
class RefusedAnswer:
    """One answer that was not saved: where it is on the page and why, for the student."""

    question_id: str  # to find the question on the page; never shown
    number: int  # the question's number on the page; 0 when it is not in the attempt
    message: str
    part: str | None = None  # the part's id, to find it on the page; never shown
    stage_closed: bool = False  # a case stage the student has left (or not reached): 409

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"question": self.question_id, "number": self.number,
                               "part": self.part, "message": self.message}
        if self.stage_closed:
            out["stage_closed"] = True
        return out


class AnswersRefused(ServiceError):
    """Some answers of a submit did not fit their questions: the others were saved, the attempt
    stays open, and `sequence` is the attempt's new number."""

    status = 422

    def __init__(self, refused: Sequence[RefusedAnswer], sequence: int) -> None:
        super().__init__(summary(refused))
        self.refused = tuple(refused)
        self.sequence = sequence


def _where(number: int, question: Question, part: str | None) -> str:
    if part is None:
        return f"Question {number}"
    return f"Question {number}, “{part_label(question, part)}”"


def _what(exc: InvalidResponse) -> str:
    if exc.reason == "too_many" and exc.limit == 1:
        return "choose only one answer. Change it, and it will be saved."
    if exc.reason == "too_many":
        return (f"choose at most {exc.limit}; {exc.sent} are ticked. Untick "
                f"{'one' if exc.sent - exc.limit == 1 else exc.sent - exc.limit}, and this "
                "answer will be saved.")
    if exc.reason == "too_long":
        return (f"the answer is {exc.sent} characters long and at most {exc.limit} fit. "
                "Shorten it, and it will be saved.")
    if exc.reason == "control":
        return ("the answer holds a character that can't be saved (such as a tab). Retype "
                "it, and it will be saved.")
    return ("this answer does not fit the question as it is shown now. Reload the page "
            "and answer it again.")


def refused(number: int, question: Question, exc: InvalidResponse) -> RefusedAnswer:
    """The refusal of an answer the question's type could not read."""
    part = exc.part
    positions = question_type(question.type).widget == "ordered"  # parts are positions
    if not positions and not any(p.id == part for p in question.parts):
        part = None  # an unknown part is named by nobody on the page
    message = f"{_where(number, question, part)}: {_what(exc)}"
    return RefusedAnswer(question.id, number, message, part)


def already_checked(number: int, question: Question) -> RefusedAnswer:
    """A practice answer that was checked (its key shown), so it is final."""
    return RefusedAnswer(question.id, number, f"Question {number} was already checked, so its "
                                              "answer can't change.")


def not_in_attempt(question_id: str) -> RefusedAnswer:
    """An answer to a question this attempt does not have (an old or altered page)."""
    return RefusedAnswer(question_id[:64], 0, "An answer was sent for a question that is not "
                                              "in this attempt, so it was not saved. Reload "
                                              "the page.")


def summary(refused: Sequence[RefusedAnswer]) -> str:
    """One line for the status bar or the page's error summary."""
    numbers = sorted({r.number for r in refused if r.number})
    if not numbers:
        return "Some answers were not saved. Reload the page and answer again."
    if len(numbers) == 1:
        return (f"Your answer to question {numbers[0]} was not saved: see the message at "
                "that question. Your other answers are saved.")
    listed = ", ".join(str(n) for n in numbers[:-1])
    return (f"Your answers to questions {listed} and {numbers[-1]} were not saved: see the "
            "message at each of them. Your other answers are saved.")
