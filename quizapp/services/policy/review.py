"""Review options, as Moodle has them: what a student sees after submitting (`review_shows`:
score; their responses; the key and rationales) and when (`review`: immediately; after the
quiz closes; never). A final exam's review opens only once it has closed for everyone, so
its key is never shown while any attempt of it can still be opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ...extensions import db
from ...models import Quiz, QuizWindow
from .windows import CLOSED, closed_for_everyone, window_for, windows_for

LEVELS = ("score", "responses", "key")


@dataclass(frozen=True)
class Review:
    """What a student may see of a submitted attempt now, and (when held back) why."""

    score: bool = True
    responses: bool = True
    key: bool = True
    note: str = ""  # for the page when something is held back

    @property
    def full(self) -> bool:
        return self.key


FULL = Review()


def granted(shows: str, note: str = "") -> Review:
    """The review `shows` grants (score < responses < key)."""
    level = LEVELS.index(shows)
    return Review(score=level >= 0, responses=level >= 1, key=level >= 2, note=note)


NOTHING = Review(score=False, responses=False, key=False)


def review_for(quiz: Quiz | None, user_id: int, now: datetime) -> Review:
    """What the student may see now of their submitted attempts at `quiz` (practice sets,
    which have no quiz, show everything: their feedback was given as they went)."""
    if quiz is None or quiz.review == "immediately":
        return FULL if quiz is None else granted(quiz.review_shows, _held(quiz.review_shows))
    if quiz.review == "never":
        return Review(False, False, False, "Your instructor has chosen not to show results "
                                           "for this quiz; your answers are recorded.")
    if _closed(quiz, user_id, now):
        return granted(quiz.review_shows, _held(quiz.review_shows))
    return Review(False, False, False, f"Your results will be shown {_when(quiz, user_id)}; "
                                       "your answers are recorded.")


def reviews_for(user_id: int, quizzes: list[Quiz], now: datetime) -> dict[int, Review]:
    """review_for each quiz (by id), with the student's windows read in one query."""
    windows = windows_for(user_id, [q for q in quizzes if q.review == "after_close"
                                    and q.kind != "final"])
    out = {}
    for quiz in quizzes:
        if quiz.review == "after_close" and quiz.kind != "final":
            closed = windows[quiz.id].state(now) == CLOSED
            out[quiz.id] = granted(quiz.review_shows, _held(quiz.review_shows)) if closed \
                else Review(False, False, False, f"Your results will be shown "
                                                 f"{_when(quiz, user_id)}.")
        else:
            out[quiz.id] = review_for(quiz, user_id, now)
    return out


def key_visible(quiz: Quiz | None, user_id: int, now: datetime) -> bool:
    """Whether the student may see this quiz's key now (what study tools that show keys,
    such as practice mode and "retake what I missed", must respect)."""
    return review_for(quiz, user_id, now).key


def _closed(quiz: Quiz, user_id: int, now: datetime) -> bool:
    if quiz.kind == "final":
        return closed_for_everyone(quiz, now)
    return window_for(user_id, quiz).state(now) == CLOSED


def _when(quiz: Quiz, user_id: int) -> str:
    if quiz.kind == "final":
        latest = db.session.scalar(select(func.max(QuizWindow.closes_at)).where(
            QuizWindow.quiz_id == quiz.id))
        closes = max(c for c in (quiz.closes_at, latest) if c) if (quiz.closes_at or latest) \
            else None
        return (f"once the exam has closed for everyone (not before {closes:%d %b %Y, %H:%M} "
                "UTC)" if closes else "once the exam has closed for everyone")
    closes = window_for(user_id, quiz).closes
    return f"after the quiz closes ({closes:%d %b %Y, %H:%M} UTC)" if closes \
        else "after the quiz closes"


def _held(shows: str) -> str:
    if shows == "score":
        return "This quiz shows your score only, not your answers or the key."
    if shows == "responses":
        return "This quiz shows your answers and the marks each earned, not the key."
    return ""
