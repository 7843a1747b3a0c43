"""CSV downloads of grades and responses for the instructor's cohorts."""

from __future__ import annotations

from flask import Response

from ..services.reports import exports
from .blueprint import bp
from .forms import scope_from_query


def _csv(name: str, text: str) -> Response:
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/export/grades.csv")
def export_grades():
    """Grades of the students in your cohorts (or ?cohort=<id>), one row per student and quiz."""
    return _csv("grades.csv", exports.to_text(exports.GRADE_HEADER,
                                              exports.grade_rows(scope_from_query())))


@bp.route("/export/responses.csv")
def export_responses():
    """Every response of your cohorts' submitted attempts, one row each."""
    return _csv("responses.csv", exports.to_text(exports.RESPONSE_HEADER,
                                                 exports.response_rows(scope_from_query())))
