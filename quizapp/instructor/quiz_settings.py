"""Quiz settings: every quiz's settings from the YAML, each cohort's own open and close times
(set here, audited), and extra attempts for one student (from the student's page)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..services.accounts import cohorts
from ..services.errors import BadInput
from ..services.policy import allowance, window_admin
from ..services.reports import quiz_settings
from .blueprint import bp
from .forms import GrantForm, WindowForm, as_utc


@bp.route("/quizzes")
def quizzes():
    """Every quiz with its settings: attempts, grading, availability, review."""
    return render_template("instructor/quizzes.html", rows=quiz_settings.quiz_settings_list())


def _forms(page: quiz_settings.QuizSettingsPage) -> dict[int, WindowForm]:
    forms = {}
    for c in page.cohorts:
        form = WindowForm(prefix=f"c{c.cohort_id}", formdata=None)
        if c.override:
            form.opens.data = c.override.opens.replace(tzinfo=None) if c.override.opens else None
            form.closes.data = c.override.closes.replace(tzinfo=None) \
                if c.override.closes else None
        forms[c.cohort_id] = form
    return forms


@bp.route("/quizzes/<int:quiz_id>")
def quiz_settings_view(quiz_id: int):
    """One quiz's settings, and its open and close times for each of your cohorts."""
    page = quiz_settings.quiz_settings_page(current_user.id, quiz_id)
    return render_template("instructor/quiz_settings.html", page=page, forms=_forms(page))


@bp.route("/quizzes/<int:quiz_id>/cohorts/<int:cohort_id>/window", methods=["POST"])
def quiz_window(quiz_id: int, cohort_id: int):
    """Set (or clear) one cohort's own open and close times for the quiz."""
    form = WindowForm(prefix=f"c{cohort_id}")
    if request.form.get("action") == "clear":  # (CSRF is checked for every post, app-wide)
        cleared = window_admin.clear_window(current_user.id, cohort_id, quiz_id)
        flash("The cohort now has the quiz's own times." if cleared else
              "The cohort already had the quiz's own times.", "success")
        return redirect(url_for("instructor.quiz_settings_view", quiz_id=quiz_id))
    if form.validate_on_submit():
        try:
            window_admin.set_window(current_user.id, cohort_id, quiz_id,
                                    as_utc(form.opens.data), as_utc(form.closes.data))
        except BadInput as exc:
            form.closes.errors.append(exc.message)
        else:
            flash("The cohort's times are saved; open attempts follow the new close.",
                  "success")
            return redirect(url_for("instructor.quiz_settings_view", quiz_id=quiz_id))
    page = quiz_settings.quiz_settings_page(current_user.id, quiz_id)
    if cohort_id not in {c.cohort_id for c in page.cohorts}:
        abort(404, "There is no such cohort among yours.")
    forms = _forms(page)
    forms[cohort_id] = form
    return render_template("instructor/quiz_settings.html", page=page, forms=forms,
                           failed=cohort_id), 400


@bp.route("/students/<int:student_id>/attempts", methods=["POST"])
def grant_attempts(student_id: int):
    """Grant one of your students extra attempts at a quiz (recorded with your name)."""
    student = cohorts.require_in_scope(cohorts.Scope(current_user.id), student_id)
    form = GrantForm()
    form.quiz.choices = [(r.quiz_id, r.title) for r in quiz_settings.quiz_settings_list()
                         if r.attempts_allowed is not None]
    if not form.validate_on_submit():
        abort(400, " ".join(e for errors in form.errors.values() for e in errors))
    left = allowance.grant_attempts(current_user.id, student.id, form.quiz.data, form.extra.data)
    flash(f"{student.username} may now start {left} more attempt{'' if left == 1 else 's'}.",
          "success")
    return redirect(url_for("instructor.student", student_id=student.id, _anchor="attempts-left"))
