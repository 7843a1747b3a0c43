"""OIDC login, launch, the key set and the Canvas configuration (docs/lti.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask.wrappers import Response as FlaskResponse
from werkzeug.wrappers import Response

from ..extensions import csrf, limiter
from ..lti.claims import TOOL_SCOPES
from ..lti.http import TimeoutSession
from ..lti.refusals import LaunchError
from ..lti.tool import begin_login, validate_launch
from ..services.lti import keys, roster, sender
from ..services.lti import launch as launches
from ..services.lti.catalog import Target
from ..services.lti.outbox import queued
from ..services.lti.registry import DbRegistry
from ..web import error_page
from .blueprint import bp
from .deep_linking import remember_deep_link
from .session import start_lms_session

# Calls made after a response give up sooner than the timer job's: a worker is soon free again.
AFTER_RESPONSE_TIMEOUT = (3.0, 10.0)
LOGIN_PARAMS = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "lti_deployment_id",
                "client_id")
COOKIE_CHECK = "lti1p3-cookie-check"


def set_lms_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    """A cookie the browser sends back inside the LMS's iframe (see session.py)."""
    response.set_cookie(name, value, max_age=max_age, path="/lti/", secure=True,
                        httponly=True, samesite="None", partitioned=True)


def _login_params() -> dict[str, Any]:
    return {key: request.values[key][:4000] for key in LOGIN_PARAMS
            if request.values.get(key)}


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(lambda: current_app.config["LTI_LOGIN_LIMIT_PER_ADDRESS"], scope="lti-login")
def login() -> ResponseReturnValue:
    """The LMS starts a launch here (third-party initiated login): check that this browser
    keeps our cookies in the LMS's frame, then send it to the LMS's OIDC endpoint."""
    params = _login_params()
    if not request.cookies.get(COOKIE_CHECK) and not request.args.get("new_window"):
        if not request.args.get("cookie_check"):
            response = redirect(url_for(".login", cookie_check=1, **params), 303)
            set_lms_cookie(response, COOKIE_CHECK, "1", 86400)
            return response
        return render_template("lms/cookies_blocked.html",
                               new_window=url_for(".login", new_window=1, **params))
    try:
        found = begin_login(params, url_for(".launch", _external=True),
                            DbRegistry(current_app.config["SECRET_KEY"]))
    except LaunchError as exc:
        return error_page(exc.status, exc.message)
    response = redirect(found.url, 302)
    for cookie in found.cookies:
        set_lms_cookie(response, cookie.name, cookie.value, cookie.max_age)
    return response


@bp.route("/launch", methods=["POST"])
@csrf.exempt
def launch() -> ResponseReturnValue:
    """The LMS posts the signed launch here: check it fully, log the person in, and take
    them to what the link opens. A refused launch changes nothing and says why."""
    try:
        checked = validate_launch(request.form, request.cookies,
                                  DbRegistry(current_app.config["SECRET_KEY"]), TimeoutSession())
        landing = launches.accept(
            checked, claim_roster=current_app.config["LTI_JOBS_AFTER_RESPONSE"])
    except LaunchError as exc:
        return error_page(exc.status, exc.message)
    start_lms_session(landing.user, landing.frame_origins)
    if landing.note:
        flash(landing.note, "info")
    if landing.deep_linking:
        target = url_for(".deep_link", token=remember_deep_link(checked))
    else:
        target = _landing_url(landing.target, landing.course_id, landing.user.is_instructor)
    response = redirect(target, 303)
    if landing.sync_roster and landing.course_id is not None:
        course_id = landing.course_id
        after_response(response, lambda http, secret: roster.sync(course_id, http, secret))
    return response


def _landing_url(target: Target | None, course_id: int | None, instructor: bool) -> str:
    if target is not None:
        view = "learner.lesson" if target.kind == "lesson" else "learner.quiz"
        return url_for(view, module_id=target.module_id, slug=target.slug)
    if instructor and course_id is not None:
        return url_for("instructor.lms_course", course_id=course_id)
    return url_for("learner.dashboard")


@bp.route("/launch", methods=["GET"], endpoint="launch_get")
def launch_get() -> ResponseReturnValue:
    """A launch is posted by the LMS; opening the address directly does nothing."""
    return error_page(405, "This address is where your LMS sends a launch. Open quizapp from "
                           "a link in your LMS course instead.")


@bp.route("/jwks")
def jwks() -> ResponseReturnValue:
    """The tool's public keys (JWKS), for the LMS to check what we sign."""
    response = jsonify(keys.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/canvas.json")
def canvas_config() -> ResponseReturnValue:
    """The configuration a Canvas administrator pastes or links when making the developer key."""
    launch_url = url_for(".launch", _external=True)
    placements = [
        {"placement": placement, "message_type": kind, "target_link_uri": launch_url,
         "text": text}
        for placement, kind, text in (
            ("link_selection", "LtiDeepLinkingRequest", "quizapp lesson or quiz"),
            ("assignment_selection", "LtiDeepLinkingRequest", "quizapp quiz"),
            ("course_navigation", "LtiResourceLinkRequest", "quizapp"))]
    response = jsonify({
        "title": "quizapp",
        "description": "Lessons and NCLEX-style quizzes for nursing students; grades go "
                       "back to the gradebook.",
        "oidc_initiation_url": url_for(".login", _external=True),
        "target_link_uri": launch_url,
        "public_jwk_url": url_for(".jwks", _external=True),
        "scopes": list(TOOL_SCOPES),
        "extensions": [{"platform": "canvas.instructure.com", "tool_id": "quizapp",
                        "domain": urlsplit(launch_url).netloc, "privacy_level": "name_only",
                        "settings": {"text": "quizapp", "placements": placements}}],
        "custom_fields": {},
    })
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def after_response(response: Response,
                   job: Callable[[TimeoutSession, str], object]) -> None:
    """Run `job(http, secret)` once the response has gone (LMS calls never keep a page
    waiting); errors are logged, and what they leave undone waits for the next run."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # Flask's proxy
    if not app.config["LTI_JOBS_AFTER_RESPONSE"]:
        return

    def run() -> None:
        with app.app_context():
            try:
                job(TimeoutSession(AFTER_RESPONSE_TIMEOUT), app.config["SECRET_KEY"])
            except Exception:  # a background job must never break the response's close
                app.logger.exception("LTI job after the response failed")

    response.call_on_close(run)


@bp.after_app_request
def _send_queued_grades(response: FlaskResponse) -> FlaskResponse:
    """A grade changed in this request: send it once the response has gone."""
    if queued.get():
        queued.set(False)
        after_response(response, lambda http, secret: sender.drain(http, secret, limit=50))
    return response
