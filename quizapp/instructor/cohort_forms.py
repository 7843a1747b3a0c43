"""Forms of a cohort's own pages: rename it, move a student, add a co-teacher."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from ..services.accounts.cohorts import MAX_NAME


class RenameForm(FlaskForm):
    name = StringField("New name", validators=[InputRequired("Give the cohort a name."),
                                               Length(1, MAX_NAME)],
                       description=f"1-{MAX_NAME} characters, different from your other "
                                   "cohorts' names.")


class MoveForm(FlaskForm):
    """Where to move one student: another cohort of the same owner (choices set per page)."""

    # validate_choice off: a cohort not offered (not yours) gets the service's clear 404
    target = SelectField("Move to", coerce=int, validate_choice=False,
                         validators=[InputRequired("Choose the cohort to move them to.")],
                         description="Only current cohorts of the same owner that you teach.")


class CoTeacherForm(FlaskForm):
    username = StringField("Instructor's username",
                           validators=[InputRequired("Give the instructor's username."),
                                       Length(1, 64)],
                           description="The username they log in with. They must already "
                                       "have an instructor account.")
