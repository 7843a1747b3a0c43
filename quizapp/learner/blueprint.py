"""The learner blueprint: `bp` and its gate (every learner page needs an account).

The views live in routes.py (dashboard, lessons, quizzes, attempts, results) and
practice_routes.py (practice mode, retakes, review, calibration); each imports `bp` from here,
and the package imports them both.
"""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("learner", __name__)

ANSWERS_ENDPOINT = "learner.answers"


@bp.before_request
def _require_login() -> ResponseReturnValue | None:
    """Every learner page needs an account. The autosave script gets a 401 it can explain, not
    a redirect to the login page."""
    if current_user.is_authenticated:
        return None
    if request.endpoint == ANSWERS_ENDPOINT:
        abort(401, "Your session has ended, so this answer was not saved. Log in again and "
                   "reopen the quiz: every answer saved before now is kept.")
    return login_manager.unauthorized()
