"""App-wide web plumbing: the user loader, error pages, security headers."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db, login_manager
from .models import User
from .services.errors import ServiceError

_TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
           409: "Already done", 413: "Too large", 429: "Too many attempts",
           500: "Something went wrong"}

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _load_user(user_id: str) -> User | None:
    """Cookies carry id:session_version, so a logout elsewhere revokes them."""
    try:
        uid, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, uid)
    return user if user is not None and user.session_version == version else None


def error_page(status: int, message: str):  # type: ignore[no-untyped-def]
    return render_template("error.html", status=status, title=_TITLES.get(status, "Error"),
                           message=message), status


def register_web(app: Flask) -> None:
    login_manager.user_loader(_load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    # "basic": a session seen from another address or browser is no longer "fresh". Sessions
    # are also renewed at login and revoked server-side at logout (session_version).
    login_manager.session_protection = "basic"

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):  # type: ignore[no-untyped-def]
        return error_page(exc.status, exc.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):  # type: ignore[no-untyped-def]
        return error_page(400, "This form was not sent from this site or has expired. "
                               "Go back, reload the page and try again; nothing was changed.")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        return error_page(exc.code or 500, exc.description or "")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return error_page(500, "The server hit an error. Your saved answers are safe; "
                               "please try again.")

    @app.after_request
    def _headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if request.endpoint and request.endpoint.startswith(("learner.attempt", "learner.result")):
            response.headers["Cache-Control"] = "no-store"
        return response
