"""App-wide web plumbing: the user loader, error pages, security headers, /healthz, the
`marks` template filter."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
    session,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests
from werkzeug.routing import IntegerConverter, Map

from .extensions import db, limiter, login_manager
from .models import User
from .models.types import MAX_ID
from .services.accounts import sessions
from .services.errors import ServiceError
from .text import decimal_text

F = TypeVar("F", bound=Callable[..., Any])

_TITLES = {400: "Bad request", 401: "Logged out", 403: "Not allowed", 404: "Not found",
           405: "Method not allowed",
           409: "Already done", 413: "Too large", 429: "Too many attempts",
           500: "Something went wrong"}

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def content_security_policy(frame_ancestors: list[str] | None,
                            form_action: list[str] | None) -> str:
    """CSP with the page's framing and form targets: by default no one may frame a page and
    forms post only here; an LMS page (quizapp.lms) names the LMS origins it allows."""
    policy = CSP
    if frame_ancestors is not None:
        policy = policy.replace("frame-ancestors 'none'",
                                " ".join(["frame-ancestors 'self'", *frame_ancestors]))
    if form_action:
        policy = policy.replace("form-action 'self'", " ".join(["form-action 'self'",
                                                                 *form_action]))
    return policy
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: 1..MAX_ID, so an id no database column can hold is a plain
    404 instead of a driver error (SQLite overflows at 2**63, PostgreSQL at 2**31)."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = 1,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def _load_user(user_id: str) -> User | None:
    """Cookies carry "user id:session token"; the session must still be open on the server
    (not logged out on this device or everywhere, not ended by a password change or reset)."""
    user = sessions.load(user_id, current_app.config["PERMANENT_SESSION_LIFETIME"])
    if user is not None and user.session_renewed:
        session.modified = True  # send the cookie again, with the extended expiry
    return user


def json_only(view: F) -> F:
    """Mark a view as a script's endpoint: every reply from it, errors included (a lost
    session, a bad CSRF token, a crash), is JSON, whatever the request accepts."""
    # A mark on the function object, which mypy's Callable types have no attribute for.
    view.json_only = True  # type: ignore[attr-defined]
    return view


def _wants_json() -> bool:
    """True for the page scripts' calls: a json_only view, or Accept: application/json."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "json_only", False):
        return True
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) \
        == "application/json"


def error_page(status: int, message: str) -> ResponseReturnValue:
    if _wants_json():
        return jsonify(status="error", message=message), status
    return render_template("error.html", status=status, title=_TITLES.get(status, "Error"),
                           message=message), status


def _too_many(exc: TooManyRequests) -> Response:
    """A per-address ceiling was reached (failed logins, sign-ups): say for how long, in
    minutes, and send Retry-After."""
    current = limiter.current_limit
    seconds = max(1, int(current.reset_at - time.time())) if current else 60
    minutes = math.ceil(seconds / 60)
    what = "sign-ups" if request.endpoint == "auth.signup" else "failed logins"
    response = make_response(error_page(429, f"Too many {what} from your network; try again "
                                             f"in {minutes} minute{'' if minutes == 1 else 's'}."))
    response.headers["Retry-After"] = str(seconds)
    return response


def _refuse_nul() -> None:
    """No text we store or look up may hold a NUL character (PostgreSQL refuses it in a
    string, where SQLite would store it): a request carrying one is refused up front, the same
    on both databases."""
    values = [request.path, *request.args.values()]
    if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded",
                                                          "multipart/form-data"):
        values.extend(request.form.values())
    if any("\x00" in value for value in values):
        abort(400, "The request contains a NUL character, which no field may hold.")


def _healthz() -> Response:
    """A bare route (no session, no database): liveness, and the benchmarks' baseline."""
    return Response("ok\n", mimetype="text/plain")


def _marks(value: Fraction | int | None) -> str:
    """Marks for people: exact inside, two decimals at most on the page (2.67, 2.5, 3)."""
    return "–" if value is None else decimal_text(Fraction(value))


def _widget_module(widget: str) -> Any:
    """A question widget's macros (templates/learner/widgets/<widget>.html), the module Jinja
    keeps once per process: what `{% import %}` gives, without the check of the importing
    page's globals that an import inside a macro repeats on every call."""
    return current_app.jinja_env.get_template(f"learner/widgets/{widget}.html").module


def _site() -> dict[str, str]:
    """What every page shows about the site, from the configuration (templates never query)."""
    return {"site_name": str(current_app.config["SITE_NAME"])}


def register_web(app: Flask) -> None:
    login_manager.user_loader(_load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    # "basic": a session seen from another address or browser is no longer "fresh". Sessions
    # are also renewed at login and ended server-side at logout (services/accounts/sessions).
    login_manager.session_protection = "basic"

    app.add_url_rule("/healthz", "healthz", _healthz)
    app.add_template_filter(_marks, "marks")
    app.add_template_global(_widget_module, "widget_module")
    app.context_processor(_site)
    app.before_request(_refuse_nul)
    app.register_error_handler(TooManyRequests, _too_many)

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError) -> ResponseReturnValue:
        return error_page(exc.status, exc.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
        return error_page(400, "This form was not sent from this site or has expired. "
                               "Go back, reload the page and try again; nothing was changed.")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> ResponseReturnValue:
        return error_page(exc.code or 500, exc.description or "")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> ResponseReturnValue:
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return error_page(500, "The server hit an error. Your saved answers are safe; "
                               "please try again.")

    @app.after_request
    def _headers(response: Response) -> Response:
        ancestors = g.get("frame_ancestors")
        response.headers.setdefault("Content-Security-Policy", content_security_policy(
            ancestors, g.get("form_action")))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if ancestors is None:  # X-Frame-Options has no allow-list: LMS pages rely on the CSP
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        if not app.config["DEVELOPMENT"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":
            # Pages show one person's answers and results: no copy in any cache, and the back
            # button refetches (so an old page can't offer old answers). Routes may opt out.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
