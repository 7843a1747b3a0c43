"""The instructor's question pages: every question by quiz, and one question previewed with
its key, rationales, source file and versions."""

from __future__ import annotations

from flask import abort, render_template, request

from ..services.authoring import question_pages
from ..text import whole_number
from .blueprint import bp


@bp.route("/questions")
def questions():
    """Every question by quiz, each linking to its preview."""
    return render_template("instructor/questions.html", quizzes=question_pages.question_catalog())


@bp.route("/questions/<question_id>")
def question(question_id: str):
    """One question with its key and rationales as a student sees them, its file and versions."""
    raw = request.args.get("version")
    version = whole_number(raw) if raw is not None else None
    if raw is not None and version is None:
        abort(400, "The version must be a whole number, such as ?version=2.")
    preview = question_pages.question_preview(question_id, version)
    return render_template("instructor/question.html", q=preview)
