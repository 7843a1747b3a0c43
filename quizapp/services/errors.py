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
