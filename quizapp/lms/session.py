"""Sessions opened by an LMS launch: cookies fit for a cross-site iframe, and framing.

Inside the LMS's iframe our pages are a third party, and browsers send a third party only
cookies marked `SameSite=None; Secure` (and, where third-party cookies are blocked, only
`Partitioned` ones, kept per LMS site). So the session cookie of a session an LMS launch
opened carries those marks; every other session keeps the app's `SameSite=Lax`. Such a
session remembers the LMS origins that may frame it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import login_user

from ..services.accounts import sessions
from ..services.accounts.users import User
from .blueprint import bp

LMS_SESSION = "lti"  # the session key: {"frame": [origins]}


def _from_lms() -> bool:
    return LMS_SESSION in session


class LmsSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with cross-site iframe marks for LMS sessions."""

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if _from_lms() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return True if _from_lms() else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return True if _from_lms() else super().get_cookie_partitioned(app)

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        # The bare route (liveness, the benchmarks' baseline) changes no session, so it does
        # not sign and send the cookie again as a permanent session's other replies do.
        if request.endpoint == "healthz" and not session.modified:
            return False
        return super().should_set_cookie(app, session)


def start_lms_session(user: User, frame_origins: Iterable[str]) -> None:
    """Log the user in for this browser: a fresh session (a device session on the server, as
    a password login opens: "log out everywhere" ends it too), marked as the LMS's."""
    session.clear()  # nothing from before carries over
    sessions.start(user, request.headers.get("User-Agent", ""),
                   current_app.config["PERMANENT_SESSION_LIFETIME"])
    login_user(user)
    session.permanent = True
    session[LMS_SESSION] = {"frame": list(frame_origins)}


@bp.before_app_request
def _frameable_by_its_lms() -> None:
    """A session an LMS opened may be framed by that LMS's pages."""
    if _from_lms():
        g.frame_ancestors = list(session[LMS_SESSION].get("frame") or [])
