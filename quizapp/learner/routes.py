"""The student's pages: dashboard, lessons, quizzes, attempts and results."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ..services import attempts
from ..services.accounts import cohorts
from ..services.attempts import quizzes
from ..services.errors import BadInput, Conflict, NotFound
from ..services.learning import course, judgement, progress, study
from .blueprint import bp
from .forms import JoinForm
from .practice_forms import parse_mode


@bp.route("/")
def dashboard():
    """Progress per module and lesson, with the next step."""
    attempts.close_overdue(user_id=current_user.id)
    return render_template("learner/dashboard.html", modules=course.dashboard(current_user.id),
                           study=study.study_panels(current_user.id),
                           by_step=judgement.judgement_results(current_user.id))


@bp.route("/modules/<module_id>/lessons/<slug>")
def lesson(module_id: str, slug: str):
    """Read a lesson; opening it marks it read (a write only on a first read or a new visit)."""
    page = course.lesson_page(module_id, slug)
    progress.mark_read(current_user.id, page.lesson_id)
    return render_template("learner/lesson.html", page=page)


@bp.route("/modules/<module_id>/lessons/<slug>/figures/<section_id>.svg")
def figure(module_id: str, slug: str, section_id: str):
    """A lesson figure, served as an image that can run nothing."""
    page = course.lesson_page(module_id, slug)
    section = next((s for s in page.content["sections"] if s["id"] == section_id), None)
    if section is None or not section.get("figure"):
        abort(404, "There is no such figure.")
    response = Response(section["figure"]["svg"], mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/modules/<module_id>/quizzes/<slug>")
def quiz(module_id: str, slug: str):
    """A quiz's front page: what it covers, its settings for you, and past attempts."""
    attempts.close_overdue(user_id=current_user.id)
    return render_template("learner/quiz.html",
                           intro=quizzes.quiz_intro(current_user.id, module_id, slug))


@bp.route("/modules/<module_id>/quizzes/<slug>/start", methods=["POST"])
def start(module_id: str, slug: str):
    """Start a new attempt, or resume the open one."""
    quiz_row = quizzes.find_quiz(module_id, slug)
    try:
        attempt = attempts.start_attempt(current_user.id, quiz_row.id, parse_mode(request.form))
    except Conflict as exc:  # not open now, no attempts left, no such mode for this quiz
        flash(exc.message, "error")
        return redirect(url_for("learner.quiz", module_id=module_id, slug=slug))
    if attempt.mode == "practice":
        return redirect(url_for("learner.attempt_practice", attempt_id=attempt.id))
    return redirect(url_for("learner.attempt", attempt_id=attempt.id))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join an instructor's cohort with its code."""
    form = JoinForm()
    if current_user.role != "student":
        abort(403, "Only student accounts join cohorts.")
    if form.validate_on_submit():
        try:
            name, joined = cohorts.join_cohort(current_user.id, form.code.data)
        except (BadInput, NotFound, Conflict) as exc:  # Conflict: an archived cohort
            form.code.errors.append(exc.message)
        else:
            flash(f"You joined {name}." if joined else f"You are already in {name}.",
                  "success" if joined else "info")
            return redirect(url_for("learner.dashboard"))
    status = 400 if form.errors else 200
    return render_template("learner/join.html", form=form,
                           memberships=cohorts.memberships(current_user.id)), status
