"""Gradebook and per-student pages."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ..services.accounts import cohorts
from ..services.reports import gradebook as gradebook_service
from ..services.reports import student_report
from .blueprint import bp
from .forms import scope_from_query


@bp.route("/")
def gradebook():
    """Students x lessons: best score, attempts, completion, last activity; sortable."""
    scope = scope_from_query()
    book = gradebook_service.gradebook(scope, request.args.get("sort", "student"),
                                       request.args.get("dir", "asc"))
    return render_template("instructor/gradebook.html", book=book,
                           cohorts=cohorts.cohorts_of(current_user.id),
                           cohort_id=scope.cohort_id)


@bp.route("/students/<int:student_id>")
def student(student_id: int):
    """One student's lessons, every attempt with every response, and results by tag."""
    report = student_report.student_report(cohorts.Scope(current_user.id), student_id)
    return render_template("instructor/student.html", report=report)
