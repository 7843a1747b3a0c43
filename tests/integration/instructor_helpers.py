"""Helpers for the instructor-side tests: cohorts with members, and submitted attempts."""

from __future__ import annotations

from flask import Flask

from quizapp.services import attempts
from quizapp.services.accounts import cohorts
from quizapp.services.attempts import quizzes


def cohort_with(app: Flask, instructor_id: int, name: str, student_ids: list[int]):
    """Create a cohort owned by the instructor and join the students to it."""
    with app.app_context():
        info = cohorts.create_cohort(instructor_id, name)
        for sid in student_ids:
            cohorts.join_cohort(sid, info.code)
        return info


def take(app: Flask, user_id: int, answers: dict[str, list[str]], slug: str = "basics-quiz",
         module: str = "demo") -> int:
    """Start and submit an attempt with these answers; returns the attempt id."""
    with app.app_context():
        quiz = quizzes.find_quiz(module, slug)
        attempt = attempts.start_attempt(user_id, quiz.id)
        attempts.submit_attempt(user_id, attempt.id, answers)
        return attempt.id


RIGHT = {"basics-count": ["b"], "basics-check": ["a", "b", "d"], "basics-purpose": ["true"]}
WRONG = {"basics-count": ["a"], "basics-check": ["c"], "basics-purpose": ["false"]}
