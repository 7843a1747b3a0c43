"""Password resets for the students of your cohorts (no email needed)."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..services.accounts import cohorts, passwords
from ..services.accounts.passwords import TEMPORARY_LIFETIME
from .blueprint import bp


@bp.route("/students/<int:student_id>/reset-password", methods=["GET", "POST"])
def reset_password(student_id: int) -> ResponseReturnValue:
    """Ask, then give a student of your cohorts a temporary password, shown once."""
    scope = cohorts.Scope(current_user.id)
    student = cohorts.require_in_scope(scope, student_id)
    if request.method == "GET":
        return render_template("instructor/reset_password_confirm.html",
                               username=student.username, student_id=student.id,
                               days=TEMPORARY_LIFETIME.days)
    temporary = passwords.reset_by_instructor(scope, student.id)
    # Rendered, not flashed: a flash would carry the password in the session cookie.
    return render_template("instructor/reset_password.html", username=student.username,
                           student_id=student.id, password=temporary,
                           days=TEMPORARY_LIFETIME.days)
