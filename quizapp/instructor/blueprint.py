"""The instructor blueprint: `bp` and its gate. Students get 403 here.

The views live in the modules beside this one (gradebook, cohorts, exports, statistics,
questions, filters); each imports `bp` from here, and the package imports them all.
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
