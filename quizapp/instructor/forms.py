"""Forms and query-string parsing for the instructor's pages."""

from __future__ import annotations

from flask import request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from ..services.accounts import cohorts
from ..services.accounts.cohorts import Scope
from ..services.reports.attempt_choice import DEFAULT_ATTEMPTS, check_which


class CohortForm(FlaskForm):
    name = StringField("Cohort name", validators=[InputRequired(), Length(1, cohorts.MAX_NAME)],
                       description="For example: Spring 2026, group B.")


def scope_from_query() -> Scope:
    """The current instructor's scope, narrowed by ?cohort=<id> (one of theirs) if given."""
    return cohorts.instructor_scope(current_user.id, request.args.get("cohort", ""))


def attempts_from_query() -> str:
    """?attempts=first (the default), highest, last or all (BadInput for anything else)."""
    return check_which(request.args.get("attempts", DEFAULT_ATTEMPTS)[:40])
