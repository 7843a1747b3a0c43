"""A cohort's people: move a student to another cohort or remove them (from the student's
page in the cohort, which asks first), and add or remove co-teachers (the owner)."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..services.accounts import cohort_admin, cohort_view
from ..services.errors import ServiceError
from .blueprint import bp
from .cohort_forms import CoTeacherForm, MoveForm
from .cohorts import back_to, render_cohort


def _member_page(cohort_id: int, student_id: int
                 ) -> tuple[cohort_view.CohortPage, cohort_view.Member]:
    page = cohort_view.cohort_page(current_user.id, cohort_id)
    member = page.member(student_id)
    if member is None:
        abort(404, f"There is no such student in {page.name}.")
    return page, member


def _render_member(page: cohort_view.CohortPage, member: cohort_view.Member,
                   form: MoveForm | None = None, status: int = 200) -> ResponseReturnValue:
    if form is None:
        form = MoveForm(prefix="move", formdata=None)
    form.target.choices = [(0, "Choose a cohort")] + list(page.move_targets)
    return render_template("instructor/cohort_member.html", page=page, member=member,
                           move=form), status


@bp.route("/cohorts/<int:cohort_id>/students/<int:student_id>")
def cohort_member(cohort_id: int, student_id: int) -> ResponseReturnValue:
    """One student of the cohort: move them to another cohort, or remove them."""
    page, member = _member_page(cohort_id, student_id)
    return _render_member(page, member)


@bp.route("/cohorts/<int:cohort_id>/students/<int:student_id>/move", methods=["POST"])
def cohort_move(cohort_id: int, student_id: int) -> ResponseReturnValue:
    """Move the student to another cohort of the same owner."""
    page, member = _member_page(cohort_id, student_id)
    cohort_admin.check(current_user.id, cohort_id, "members")  # refusals before form errors
    form = MoveForm(prefix="move")
    status = 400
    if not form.validate_on_submit() or not form.target.data:  # nothing or not a number
        form.target.errors = ["Choose the cohort to move them to, from the list."]
    else:
        try:
            username, target = cohort_admin.move_student(current_user.id, cohort_id,
                                                         student_id, form.target.data)
        except ServiceError as exc:
            form.target.errors = [exc.message]
            status = exc.status
        else:
            flash(f"{username} moved to {target}.", "success")
            return back_to(cohort_id, "members")
    return _render_member(page, member, form, status)


@bp.route("/cohorts/<int:cohort_id>/students/<int:student_id>/remove", methods=["POST"])
def cohort_remove(cohort_id: int, student_id: int) -> ResponseReturnValue:
    """Take the student out of the cohort (their attempts stay)."""
    username = cohort_admin.remove_student(current_user.id, cohort_id, student_id)
    flash(f"{username} is no longer in the cohort. Their attempts are kept; they can join "
          "again with the join code.", "success")
    return back_to(cohort_id, "members")


@bp.route("/cohorts/<int:cohort_id>/teachers", methods=["POST"])
def cohort_add_teacher(cohort_id: int) -> ResponseReturnValue:
    """Add another instructor as a co-teacher (the owner)."""
    page = cohort_view.cohort_page(current_user.id, cohort_id)
    cohort_admin.check(current_user.id, cohort_id, "teachers")  # refusals before form errors
    form = CoTeacherForm(prefix="teacher")
    status = 400
    if form.validate_on_submit():
        try:
            username = cohort_admin.add_co_teacher(current_user.id, cohort_id,
                                                   form.username.data)
        except ServiceError as exc:
            form.username.errors.append(exc.message)
            status = exc.status
        else:
            flash(f"{username} now co-teaches {page.name}.", "success")
            return back_to(cohort_id, "teachers")
    return render_cohort(page, status, teacher=form)


@bp.route("/cohorts/<int:cohort_id>/teachers/<int:teacher_id>/remove",
          methods=["GET", "POST"])
def cohort_remove_teacher(cohort_id: int, teacher_id: int) -> ResponseReturnValue:
    """Ask, then end a co-teacher's access to the cohort (the owner)."""
    page = cohort_view.cohort_page(current_user.id, cohort_id)
    if request.method == "GET":
        cohort_admin.check(current_user.id, cohort_id, "teachers")
        teacher = page.co_teacher(teacher_id)
        if teacher is None:
            abort(404, "There is no such co-teacher of this cohort.")
        return render_template("instructor/cohort_confirm.html", page=page,
                               action="remove-teacher", teacher=teacher)
    username = cohort_admin.remove_co_teacher(current_user.id, cohort_id, teacher_id)
    flash(f"{username} no longer co-teaches {page.name}.", "success")
    return back_to(cohort_id, "teachers")
