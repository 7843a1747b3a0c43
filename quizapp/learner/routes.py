"""The student's pages: dashboard, lessons, quizzes, attempts and results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import (
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ..services import attempts
from ..services.accounts import cohorts
from ..services.attempts import AnswersRefused, RefusedAnswer, clock, quizzes, refused_answers
from ..services.errors import AlreadySubmitted, BadInput, NotFound, StaleAnswers, TimeUp
from ..services.learning import course, progress, study
from ..web import json_only
from .blueprint import bp
from .forms import JoinForm, parse_action, parse_answers, parse_sequence, parse_time_up
from .practice_forms import parse_confidence, parse_mode


@bp.route("/")
def dashboard():
    """Progress per module and lesson, with the next step."""
    attempts.close_overdue(user_id=current_user.id)
    return render_template("learner/dashboard.html", modules=course.dashboard(current_user.id),
                           study=study.study_panels(current_user.id))


@bp.route("/modules/<module_id>/lessons/<slug>")
def lesson(module_id: str, slug: str):
    """Read a lesson; opening it marks it read."""
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
    """A quiz's front page: what it covers and past attempts."""
    attempts.close_overdue(user_id=current_user.id)
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
        return _post_attempt(attempt_id)
    if attempts.close_overdue(user_id=current_user.id, attempt_id=attempt_id):
        flash(attempts.TIME_UP_MESSAGE, "info")
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    page = quizzes.attempt_page(current_user.id, attempt_id, reveal=False)
    if page.status == "submitted":
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    if page.mode == "practice":
        return redirect(url_for("learner.attempt_practice", attempt_id=attempt_id))
    if request.args.get("changed"):
        flash("Your answers were changed in another tab or window. This page now shows the "
              "newest saved answers; check them and carry on.", "info")
    return render_template("learner/attempt.html", page=page)


def _post_attempt(attempt_id: int):  # type: ignore[no-untyped-def]
    form = request.form
    answers, action, sequence = parse_answers(form), parse_action(form), parse_sequence(form)
    confidence = parse_confidence(form)
    try:
        if action == "submit":
            done = attempts.submit_attempt(current_user.id, attempt_id, answers, confidence,
                                           sequence=sequence, time_up=parse_time_up(form))
            if done.auto_submitted:
                flash(attempts.TIME_UP_MESSAGE, "info")
            return redirect(url_for("learner.result", attempt_id=attempt_id))
        saved = attempts.save_answers(current_user.id, attempt_id, answers, confidence,
                                      sequence=sequence)
    except AnswersRefused as exc:
        return _refused_page(attempt_id, exc.refused, answers, submitted=True)
    except StaleAnswers as exc:
        # Refused (409), shown with the newest saved answers so nothing is silently lost.
        flash(exc.message, "error")
        page = quizzes.attempt_page(current_user.id, attempt_id, reveal=False)
        return render_template("learner/attempt.html", page=page), 409
    except AlreadySubmitted:
        flash("This attempt was already submitted; here is its result.", "info")
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    except TimeUp as exc:
        flash(exc.message, "info")
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    if saved.refused:
        return _refused_page(attempt_id, saved.refused, answers, submitted=False)
    flash("Your answers are saved.", "success")
    return redirect(url_for("learner.attempt", attempt_id=attempt_id))


def _refused_page(attempt_id: int, refused: Sequence[RefusedAnswer], sent: dict[str, Any], *,
                  submitted: bool):  # type: ignore[no-untyped-def]
    """The attempt page again (422): every answer that fitted is saved, and each refused one
    is shown as the student sent it, marked with why, so they can correct it."""
    page = quizzes.attempt_page(current_user.id, attempt_id, reveal=False, refused=refused,
                                sent=sent)
    lead = "Your attempt was not submitted. " if submitted else ""
    return render_template("learner/attempt.html", page=page,
                           problem=lead + refused_answers.summary(refused),
                           unplaced=[r.message for r in refused if not r.number]), 422


@bp.route("/attempts/<int:attempt_id>/answers", methods=["POST"])
@json_only
def answers(attempt_id: int):
    """Autosave (JSON): store the answers the page's script posts, with the page's sequence
    number; the reply says what the server committed, which answers it refused and why, and
    the new sequence number."""
    given = parse_answers(request.form)
    confidence = parse_confidence(request.form)
    sequence = parse_sequence(request.form, required=True)
    try:
        done = attempts.save_answers(current_user.id, attempt_id, given, confidence,
                                     sequence=sequence, via="autosave")
    except StaleAnswers as exc:
        return jsonify(status="stale", message=exc.message, sequence=exc.sequence,
                       reload_url=url_for("learner.attempt", attempt_id=attempt_id,
                                          changed=1)), 409
    except (AlreadySubmitted, TimeUp) as exc:
        return jsonify(status="time_up" if isinstance(exc, TimeUp) else "submitted",
                       message=exc.message,
                       result_url=url_for("learner.result", attempt_id=attempt_id)), 409
    return jsonify(status="refused" if done.refused else "saved",
                   sequence=done.attempt.sequence, saved=list(done.saved),
                   refused=[r.to_json() for r in done.refused],
                   message=refused_answers.summary(done.refused) if done.refused else "",
                   remaining_seconds=clock.remaining_seconds(done.attempt.deadline))


@bp.route("/attempts/<int:attempt_id>/result")
def result(attempt_id: int):
    """The graded attempt with the key and a rationale for every option."""
    attempts.close_overdue(user_id=current_user.id, attempt_id=attempt_id)
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
