"""Learner views for practice mode, "retake what I missed", spaced review and calibration.

They register on the learner blueprint (same audience, same login check and endpoint names);
the learner package imports this module, so create_app needs no import for its side effect.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..services.attempts import AnswersRefused, practice, quizzes
from ..services.learning import calibration, retakes
from ..services.learning.retakes import NothingToPractise
from .blueprint import bp
from .practice_forms import parse_check


def _begin(start, back: str):  # type: ignore[no-untyped-def]
    """Start (or resume) a practice set and open it; when there is nothing to practise, say so
    and go back."""
    try:
        attempt = start()
    except NothingToPractise as exc:
        flash(exc.message, "info")
        return redirect(back)
    return redirect(url_for("learner.attempt_practice", attempt_id=attempt.id))


@bp.route("/modules/<module_id>/quizzes/<slug>/missed", methods=["POST"])
def retake_missed_quiz(module_id: str, slug: str):
    """Practise the questions of this quiz whose latest answer was not full marks."""
    quiz_row = quizzes.find_quiz(module_id, slug)
    return _begin(lambda: retakes.start_missed(current_user.id, quiz_id=quiz_row.id),
                  url_for("learner.quiz", module_id=module_id, slug=slug))


@bp.route("/modules/<module_id>/missed", methods=["POST"])
def retake_missed_module(module_id: str):
    """Practise every question of the module whose latest answer was not full marks."""
    return _begin(lambda: retakes.start_missed(current_user.id, module_id=module_id),
                  url_for("learner.dashboard"))


@bp.route("/modules/<module_id>/review", methods=["POST"])
def start_review(module_id: str):
    """Start (or resume) today's spaced review of the module."""
    return _begin(lambda: retakes.start_review(current_user.id, module_id),
                  url_for("learner.dashboard"))


@bp.route("/attempts/<int:attempt_id>/practice", methods=["GET", "POST"])
def attempt_practice(attempt_id: int):
    """One question at a time: Check answer grades it and shows its feedback."""
    if request.method == "POST":
        qid, answer, confidence = parse_check(request.form)
        if not answer:
            flash("Choose an answer, then check it.", "error")
            return redirect(url_for("learner.attempt_practice", attempt_id=attempt_id))
        try:
            number = practice.check_answer(current_user.id, attempt_id, qid, answer,
                                           confidence)
        except AnswersRefused as exc:  # shown at the question, as sent, to correct
            step = practice.practice_step(current_user.id, attempt_id, exc.refused[0], answer)
            return render_template("learner/practice.html", step=step, confidence=confidence,
                                   problem=exc.message), 422
        return redirect(url_for("learner.attempt_practice_feedback", attempt_id=attempt_id,
                                number=number))
    step = practice.practice_step(current_user.id, attempt_id)
    if step.status == "submitted":
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    return render_template("learner/practice.html", step=step)


@bp.route("/attempts/<int:attempt_id>/practice/<int:number>")
def attempt_practice_feedback(attempt_id: int, number: int):
    """The key, the rationale per option and the lesson passage for one checked question."""
    return render_template("learner/practice_feedback.html",
                           fb=practice.feedback(current_user.id, attempt_id, number))


@bp.route("/attempts/<int:attempt_id>/practice/finish", methods=["POST"])
def attempt_practice_finish(attempt_id: int):
    """Submit a practice attempt whose questions are all checked, then show its result."""
    practice.finish(current_user.id, attempt_id)
    return redirect(url_for("learner.result", attempt_id=attempt_id))


@bp.route("/progress/calibration")
def calibration_view():
    """Accuracy by stated confidence, and the confident errors to revisit."""
    return render_template("learner/calibration.html",
                           cal=calibration.calibration(current_user.id))
