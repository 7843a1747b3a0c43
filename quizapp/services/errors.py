"""Errors that services raise; the app turns each into a clear HTTP error page."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(ServiceError):
    """The request names something that cannot apply (an unknown option, a foreign question)."""

    status = 400


class Forbidden(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    """The request is valid but the state forbids it (e.g. answering a submitted attempt)."""

    status = 409


class AlreadySubmitted(Conflict):
    """The attempt was submitted (by the student, another tab, or the clock): answers are final."""


class StaleAnswers(Conflict):
    """The save came from a page older than the last accepted save (another tab, the back
    button); `sequence` is the attempt's current number."""

    def __init__(self, message: str, sequence: int) -> None:
        super().__init__(message)
        self.sequence = sequence


class NothingToPractise(Conflict):
    """The scope holds no missed (or due) question: there is no practice set to start."""


class TimeUp(Conflict):
    """The time limit (with its grace period) has passed; the attempt was submitted with the
    answers saved before then."""
