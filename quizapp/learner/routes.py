"""The student's pages: dashboard, lessons, quizzes, attempts and results."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import attempts, cohorts, learning, progress, quizzes, study
from ..services.errors import BadInput, Conflict, NotFound
from .forms import JoinForm, parse_action, parse_answers
from .practice_forms import parse_confidence, parse_mode

bp = Blueprint("learner", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Every learner page needs an account."""


@bp.route("/")
def dashboard():
    """Progress per module and lesson, with the next step."""
    return render_template("learner/dashboard.html", modules=learning.dashboard(current_user.id),
                           study=study.study_panels(current_user.id))


@bp.route("/modules/<module_id>/lessons/<slug>")
def lesson(module_id: str, slug: str):
    """Read a lesson; opening it marks it read."""
    page = learning.lesson_page(module_id, slug)
    progress.mark_read(current_user.id, page.lesson_id)
    return render_template("learner/lesson.html", page=page)


@bp.route("/modules/<module_id>/lessons/<slug>/figures/<section_id>.svg")
def figure(module_id: str, slug: str, section_id: str):
    """A lesson figure, served as an image that can run nothing."""
    page = learning.lesson_page(module_id, slug)
    section = next((s for s in page.content["sections"] if s["id"] == section_id), None)
    if section is None or not section.get("figure"):
        abort(404, "There is no such figure.")
    response = Response(section["figure"]["svg"], mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/modules/<module_id>/quizzes/<slug>")
def quiz(module_id: str, slug: str):
    """A quiz's front page: what it covers and past attempts."""
    return render_template("learner/quiz.html",
                           intro=quizzes.quiz_intro(current_user.id, module_id, slug))


@bp.route("/modules/<module_id>/quizzes/<slug>/start", methods=["POST"])
def start(module_id: str, slug: str):
    """Start a new attempt, or resume the open one."""
    quiz_row = quizzes.find_quiz(module_id, slug)
    attempt = attempts.start_attempt(current_user.id, quiz_row.id, parse_mode(request.form))
    if attempt.mode == "practice":
        return redirect(url_for("learner.attempt_practice", attempt_id=attempt.id))
    return redirect(url_for("learner.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
def attempt(attempt_id: int):
    """Answer the questions; Save keeps the answers, Submit grades them."""
    if request.method == "POST":
        answers, action = parse_answers(request.form), parse_action(request.form)
        confidence = parse_confidence(request.form)
        if action == "submit":
            attempts.submit_attempt(current_user.id, attempt_id, answers, confidence)
            return redirect(url_for("learner.result", attempt_id=attempt_id))
        try:
            attempts.save_answers(current_user.id, attempt_id, answers, confidence)
        except Conflict:
            flash("This attempt was already submitted; here is its result.", "info")
            return redirect(url_for("learner.result", attempt_id=attempt_id))
        flash("Your answers are saved.", "success")
        return redirect(url_for("learner.attempt", attempt_id=attempt_id))
    page = quizzes.attempt_page(current_user.id, attempt_id, reveal=False)
    if page.status == "submitted":
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    if page.mode == "practice":
        return redirect(url_for("learner.attempt_practice", attempt_id=attempt_id))
    return render_template("learner/attempt.html", page=page)


@bp.route("/attempts/<int:attempt_id>/result")
def result(attempt_id: int):
    """The graded attempt with the key and a rationale for every option."""
    page = quizzes.attempt_page(current_user.id, attempt_id, reveal=True)
    return render_template("learner/result.html", page=page)


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join an instructor's cohort with its code."""
    form = JoinForm()
    if current_user.role != "student":
        abort(403, "Only student accounts join cohorts.")
    if form.validate_on_submit():
        try:
            name, joined = cohorts.join_cohort(current_user.id, form.code.data)
        except (BadInput, NotFound) as exc:
            form.code.errors.append(exc.message)
        else:
            flash(f"You joined {name}." if joined else f"You are already in {name}.",
                  "success" if joined else "info")
            return redirect(url_for("learner.dashboard"))
    status = 400 if form.errors else 200
    return render_template("learner/join.html", form=form,
                           memberships=cohorts.memberships(current_user.id)), status
