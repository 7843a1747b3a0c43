"""The student's attempt: answer (Save, autosave), move a case study on to its next stage,
submit, and the result.

Registered on the learner blueprint (the package imports this module). Every write goes
through one service call; each refusal comes back as a page (plain form) or JSON (autosave)
that says what happened and keeps every answer that was saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..services import attempts
from ..services.attempts import AnswersRefused, RefusedAnswer, clock, quizzes, refused_answers
from ..services.attempts.stages import StageClosed
from ..services.errors import AlreadySubmitted, StaleAnswers, TimeUp
from ..web import json_only
from .blueprint import bp
from .forms import ADVANCE, parse_action, parse_answers, parse_sequence, parse_time_up
from .practice_forms import parse_confidence


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
def attempt(attempt_id: int) -> ResponseReturnValue:
    """Answer the questions; Save keeps the answers, Submit grades them."""
    if request.method == "POST":
        return _post_attempt(attempt_id)
    held = _hold(attempt_id)  # noqa: F841  (see _hold)
    if attempts.close_if_overdue(current_user.id, attempt_id):
        flash(attempts.ended_message(attempts.owned_attempt(current_user.id, attempt_id)),
              "info")
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    page = quizzes.attempt_page(current_user.id, attempt_id)
    if page.status == "submitted":
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    if page.mode == "practice":
        return redirect(url_for("learner.attempt_practice", attempt_id=attempt_id))
    if request.args.get("changed"):
        flash("Your answers were changed in another tab or window. This page now shows the "
              "newest saved answers; check them and carry on.", "info")
    return render_template("learner/attempt.html", page=page)


def _post_attempt(attempt_id: int) -> ResponseReturnValue:
    form = request.form
    answers, action, sequence = parse_answers(form), parse_action(form), parse_sequence(form)
    confidence = parse_confidence(form)
    try:
        if action == "submit":
            done = attempts.submit_attempt(current_user.id, attempt_id, answers, confidence,
                                           sequence=sequence, time_up=parse_time_up(form))
            if done.auto_submitted:
                flash(attempts.ended_message(done), "info")
            return redirect(url_for("learner.result", attempt_id=attempt_id))
        if action.startswith(ADVANCE):
            return _advance(attempt_id, action[len(ADVANCE):], answers, confidence, sequence)
        saved = attempts.save_answers(current_user.id, attempt_id, answers, confidence,
                                      sequence=sequence)
    except AnswersRefused as exc:  # from a submit, or from moving a case on
        lead = ("You have not moved on to the next stage. " if action.startswith(ADVANCE)
                else "Your attempt was not submitted. ")
        return _refused_page(attempt_id, exc.refused, answers, lead=lead)
    except (StaleAnswers, StageClosed) as exc:
        # Refused (409), shown with the newest saved answers (and the case stage reached), so
        # nothing is silently lost.
        flash(exc.message, "error")
        page = quizzes.attempt_page(current_user.id, attempt_id)
        return render_template("learner/attempt.html", page=page), 409
    except AlreadySubmitted:
        flash("This attempt was already submitted; here is its result.", "info")
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    except TimeUp as exc:
        flash(exc.message, "info")
        return redirect(url_for("learner.result", attempt_id=attempt_id))
    if saved.refused:
        return _refused_page(attempt_id, saved.refused, answers)
    flash("Your answers are saved.", "success")
    return redirect(url_for("learner.attempt", attempt_id=attempt_id))


def _advance(attempt_id: int, case_id: str, answers: dict[str, Any],
             confidence: dict[str, str], sequence: int | None) -> ResponseReturnValue:
    """Save the page's answers and move the case study on; the stage left is now closed."""
    stage, count = attempts.advance_stage(current_user.id, attempt_id, case_id, answers,
                                          confidence, sequence=sequence)
    flash(f"Stage {stage + 1} of {count}. Your answers to the earlier stage are saved and "
          "closed.", "success")
    return redirect(url_for("learner.attempt", attempt_id=attempt_id, _anchor=f"case-{case_id}"))


def _refused_page(attempt_id: int, refused: Sequence[RefusedAnswer], sent: dict[str, Any], *,
                  lead: str = "") -> ResponseReturnValue:
    """The attempt page again (422): every answer that fitted is saved, and each refused one
    is shown as the student sent it, marked with why, so they can correct it."""
    page = quizzes.attempt_page(current_user.id, attempt_id, refused=refused, sent=sent)
    return render_template("learner/attempt.html", page=page,
                           problem=lead + refused_answers.summary(refused),
                           unplaced=[r.message for r in refused if not r.number]), 422


@bp.route("/attempts/<int:attempt_id>/answers", methods=["POST"])
@json_only
def answers(attempt_id: int) -> ResponseReturnValue:
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
    except StageClosed as exc:  # the page is behind its case study's stage: reload it
        return jsonify(status="stage_closed", message=exc.message, sequence=exc.sequence,
                       refused=[r.to_json() for r in exc.refused],
                       reload_url=url_for("learner.attempt", attempt_id=attempt_id)), 409
    except (AlreadySubmitted, TimeUp) as exc:
        return jsonify(status="time_up" if isinstance(exc, TimeUp) else "submitted",
                       message=exc.message,
                       result_url=url_for("learner.result", attempt_id=attempt_id)), 409
    return jsonify(status="refused" if done.refused else "saved",
                   sequence=done.sequence, saved=list(done.saved),
                   refused=[r.to_json() for r in done.refused],
                   message=refused_answers.summary(done.refused) if done.refused else "",
                   remaining_seconds=clock.remaining_seconds(done.ends_at))


def _hold(attempt_id: int) -> object:
    """The student's attempt, for the view to hold while it runs: the database session keeps
    a row only while something refers to it, and the overdue check and the page each read
    the attempt; held, the second read costs no query."""
    return attempts.owned_attempt(current_user.id, attempt_id)


@bp.route("/attempts/<int:attempt_id>/result")
def result(attempt_id: int) -> ResponseReturnValue:
    """The graded attempt: the score, answers, key and rationales, as far as the quiz's
    review options allow now."""
    held = _hold(attempt_id)  # noqa: F841  (see _hold)
    attempts.close_if_overdue(current_user.id, attempt_id)
    page = quizzes.result_page(current_user.id, attempt_id)
    return render_template("learner/result.html", page=page)
