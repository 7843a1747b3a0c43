"""Cohorts: list them with their join codes, create one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..services.accounts import cohorts as cohort_service
from ..services.errors import BadInput
from .blueprint import bp
from .forms import CohortForm


@bp.route("/cohorts", methods=["GET", "POST"])
def cohorts():
    """Your cohorts and their join codes; a form to create another."""
    form = CohortForm()
    if form.validate_on_submit():
        try:
            created = cohort_service.create_cohort(current_user.id, form.name.data)
        except BadInput as exc:
            form.name.errors.append(exc.message)
        else:
            flash(f"Cohort '{created.name}' created. Students join with the code {created.code}.",
                  "success")
            return redirect(url_for("instructor.cohorts"))
    status = 400 if form.errors else 200
    return render_template("instructor/cohorts.html", form=form,
                           cohorts=cohort_service.cohorts_of(current_user.id)), status
