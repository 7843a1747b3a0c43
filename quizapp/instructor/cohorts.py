"""Cohorts: list them with their join codes, create one; one cohort's page with its members,
teachers and audit log; rename, archive or unarchive it, and give it a new join code.
(Students and co-teachers are managed in cohort_people.py.)"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..services.accounts import cohort_admin, cohort_view
from ..services.accounts import cohorts as cohort_service
from ..services.errors import BadInput, ServiceError
from .blueprint import bp
from .cohort_forms import CoTeacherForm, RenameForm
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


def render_cohort(page: cohort_view.CohortPage, status: int = 200, *,
                  rename: RenameForm | None = None,
                  teacher: CoTeacherForm | None = None) -> ResponseReturnValue:
    """The cohort's page, with a form that failed (and its status) if there was one."""
    if rename is None:
        rename = RenameForm(prefix="rename", formdata=None, data={"name": page.name})
    return render_template("instructor/cohort.html", page=page, rename=rename,
                           teacher=teacher or CoTeacherForm(prefix="teacher", formdata=None)
                           ), status


def back_to(cohort_id: int, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("instructor.cohort", cohort_id=cohort_id, _anchor=anchor))


@bp.route("/cohorts/<int:cohort_id>")
def cohort(cohort_id: int) -> ResponseReturnValue:
    """One of your cohorts: its code, its students and when they joined, its teachers, and
    everything changed in it."""
    return render_cohort(cohort_view.cohort_page(current_user.id, cohort_id))


@bp.route("/cohorts/<int:cohort_id>/rename", methods=["POST"])
def cohort_rename(cohort_id: int) -> ResponseReturnValue:
    """Give the cohort a new name (its owner)."""
    page = cohort_view.cohort_page(current_user.id, cohort_id)
    cohort_admin.check(current_user.id, cohort_id, "rename")  # refusals before form errors
    form = RenameForm(prefix="rename")
    status = 400
    if form.validate_on_submit():
        try:
            name = cohort_admin.rename_cohort(current_user.id, cohort_id, form.name.data)
        except ServiceError as exc:
            form.name.errors.append(exc.message)
            status = exc.status
        else:
            flash(f"The cohort is now called '{name}'.", "success")
            return back_to(cohort_id)
    return render_cohort(page, status, rename=form)


@bp.route("/cohorts/<int:cohort_id>/archive", methods=["GET", "POST"])
def cohort_archive(cohort_id: int) -> ResponseReturnValue:
    """Ask, then archive the cohort (its owner): no new students, out of "All my cohorts"."""
    page = cohort_view.cohort_page(current_user.id, cohort_id)
    if request.method == "GET":
        cohort_admin.check(current_user.id, cohort_id, "archive")  # refused before asking
        return render_template("instructor/cohort_confirm.html", page=page, action="archive")
    changed = cohort_admin.set_archived(current_user.id, cohort_id, True)
    flash(f"{page.name} is archived. Its results stay here; unarchive it to use it again."
          if changed else f"{page.name} was already archived.", "success" if changed else "info")
    return back_to(cohort_id)


@bp.route("/cohorts/<int:cohort_id>/unarchive", methods=["POST"])
def cohort_unarchive(cohort_id: int) -> ResponseReturnValue:
    """Make an archived cohort current again (its owner)."""
    page = cohort_view.cohort_page(current_user.id, cohort_id)
    changed = cohort_admin.set_archived(current_user.id, cohort_id, False)
    flash(f"{page.name} is current again: students can join it with its code."
          if changed else f"{page.name} was not archived.", "success" if changed else "info")
    return back_to(cohort_id)


@bp.route("/cohorts/<int:cohort_id>/new-code", methods=["GET", "POST"])
def cohort_new_code(cohort_id: int) -> ResponseReturnValue:
    """Ask, then replace the cohort's join code (the old one stops working)."""
    page = cohort_view.cohort_page(current_user.id, cohort_id)
    if request.method == "GET":
        cohort_admin.check(current_user.id, cohort_id, "new_code")
        return render_template("instructor/cohort_confirm.html", page=page, action="new-code")
    code = cohort_admin.new_join_code(current_user.id, cohort_id)
    flash(f"The new join code is {code}. The old code no longer works; students already in "
          "the cohort stay in it.", "success")
    return back_to(cohort_id)
