"""Deep linking: the instructor picks from our catalogue inside the LMS, and the LMS gets the
picked items back as signed resource links (quizzes with a gradebook column)."""

from __future__ import annotations

import secrets
from typing import Any

from flask import abort, current_app, g, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..lti.claims import Launch, origin
from ..services.errors import BadInput
from ..services.lti import deep_linking
from ..services.lti.catalog import catalogue
from .blueprint import bp

DEEP_LINKS = "lti_deep_links"  # session key: token -> what the LMS asked for
KEEP = 3  # a few open pickers (tabs) at most


def remember_deep_link(launch: Launch) -> str:
    """Keep the deep linking request in the session under a new token (for the picker)."""
    token = secrets.token_urlsafe(12)
    saved: dict[str, Any] = dict(session.get(DEEP_LINKS) or {})
    saved[token] = {"platform": launch.platform_id, "deployment": launch.deployment_id,
                    "settings": dict(launch.deep_linking)}
    session[DEEP_LINKS] = dict(list(saved.items())[-KEEP:])
    return token


@bp.route("/deep-link/<token>", methods=["GET", "POST"])
@login_required
def deep_link(token: str) -> ResponseReturnValue:
    """Pick lessons, quizzes or a final exam to add to the LMS course."""
    saved = (session.get(DEEP_LINKS) or {}).get(token)
    if saved is None or not current_user.is_instructor:
        abort(404, "This choice has expired or was already made. Start again from the LMS "
                   "(add content, then choose quizapp).")
    settings = saved["settings"]
    multiple = deep_linking.accepts_multiple(settings)
    error, status = "", 200
    if request.method == "POST":
        try:
            items = [] if request.form.get("action") == "cancel" else deep_linking.items_for(
                request.form.getlist("target"), url_for(".launch", _external=True), settings)
        except BadInput as exc:
            error, status = exc.message, 400
        else:
            reply = deep_linking.reply(saved["platform"], saved["deployment"], settings, items,
                                       current_app.config["SECRET_KEY"])
            session[DEEP_LINKS] = {k: v for k, v in session[DEEP_LINKS].items() if k != token}
            g.form_action = [origin(reply.return_url)]
            return render_template("lms/deep_link_return.html", reply=reply)
    return render_template("lms/deep_link.html", modules=catalogue(), multiple=multiple,
                           token=token, error=error,
                           chosen=set(request.form.getlist("target"))), status
