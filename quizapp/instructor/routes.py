"""The instructor's pages. Students get 403 here."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from ..services import catalog_views
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


@bp.route("/questions")
def questions():
    """Every question by quiz, each linking to its preview."""
    return render_template("instructor/questions.html", quizzes=catalog_views.question_catalog())


@bp.route("/questions/<question_id>")
def question(question_id: str):
    """One question with its key and rationales as a student sees them, its file and versions."""
    raw = request.args.get("version")
    if raw is not None and not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        abort(400, "The version must be a whole number, such as ?version=2.")
    preview = catalog_views.question_preview(question_id, int(raw) if raw else None)
    return render_template("instructor/question.html", q=preview)
