"""The instructor's pages. Students get 403 here.

The views live in small modules beside this one (gradebook, cohorts, exports, statistics,
questions); each registers on `bp`, imported at the bottom so the blueprint exists first.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("instructor", __name__, url_prefix="/instructor")


@bp.before_request
@login_required
def _require_instructor() -> None:
    """Only instructors may see other people's results."""
    if not current_user.is_instructor:
        abort(403, "This page is for instructors.")


from . import cohorts, exports, filters, gradebook, questions, statistics  # noqa: E402,F401
