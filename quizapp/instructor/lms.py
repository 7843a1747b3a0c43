"""The instructor's LMS courses: roster (with who left), links, and grades sent to the LMS."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..services.lti import outbox, roster, status
from .blueprint import bp


@bp.route("/lms")
def lms_courses() -> ResponseReturnValue:
    """Your courses in an LMS that launch quizapp, with their grade sync at a glance."""
    return render_template("instructor/lms_courses.html",
                           courses=status.courses_of(current_user.id))


@bp.route("/lms/<int:course_id>")
def lms_course(course_id: int) -> ResponseReturnValue:
    """One LMS course: its roster, its links, and every grade sent (or waiting) to the LMS."""
    return render_template("instructor/lms_course.html",
                           page=status.course_page(current_user.id, course_id))


@bp.route("/lms/<int:course_id>/roster", methods=["POST"])
def lms_sync_roster(course_id: int) -> ResponseReturnValue:
    """Bring the course's roster from the LMS now."""
    status.require_owned(current_user.id, course_id)
    report = roster.sync_now(course_id, current_app.config["SECRET_KEY"])
    if report.error:
        flash(f"The roster was not synced: {report.error}", "error")
    else:
        flash(f"Roster synced: {report.members} people in the LMS course; {report.added} "
              f"new, {report.returned} back, {report.left} marked as having left.", "success")
    return redirect(url_for("instructor.lms_course", course_id=course_id))


@bp.route("/lms/<int:course_id>/retry", methods=["POST"])
def lms_retry(course_id: int) -> ResponseReturnValue:
    """Try the course's failed grades again (after the cause was fixed in the LMS)."""
    status.require_owned(current_user.id, course_id)
    count = outbox.retry_failed(course_id)
    flash(f"{count} grade{'' if count == 1 else 's'} will be sent again." if count
          else "No grade had failed.", "success" if count else "info")
    return redirect(url_for("instructor.lms_course", course_id=course_id))
