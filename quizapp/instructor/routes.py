"""The instructor's pages. Students get 403 here."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from ..services import gradebook as gradebook_service

bp = Blueprint("instructor", __name__, url_prefix="/instructor")


@bp.before_request
@login_required
def _require_instructor() -> None:
    """Only instructors may see other people's results."""
    if not current_user.is_instructor:
        abort(403, "This page is for instructors.")


@bp.route("/")
def gradebook():
    """Students x quizzes: best score, attempts, passes."""
    return render_template("instructor/gradebook.html", book=gradebook_service.gradebook())


# Page groups that register their own routes on `bp`.
from . import questions  # noqa: E402,F401
