"""Forms and query-string parsing for the instructor's pages."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..services.accounts import cohorts
from ..services.accounts.cohorts import Scope
from ..services.reports.attempt_choice import DEFAULT_ATTEMPTS, check_which


class CohortForm(FlaskForm):
    name = StringField("Cohort name", validators=[InputRequired(), Length(1, cohorts.MAX_NAME)],
                       description="For example: Spring 2026, group B.")


class WindowForm(FlaskForm):
    """A cohort's own open and close times for a quiz (UTC); an empty one keeps the quiz's."""

    opens = DateTimeLocalField("Opens (UTC)", format="%Y-%m-%dT%H:%M", validators=[Optional()],
                               description="Leave empty to keep the quiz's own open time.")
    closes = DateTimeLocalField("Closes (UTC)", format="%Y-%m-%dT%H:%M",
                                validators=[Optional()],
                                description="Leave empty to keep the quiz's own close time. "
                                            "Attempts still open then are submitted.")


def as_utc(value: datetime | None) -> datetime | None:
    """A time typed in a form (UTC, no zone attached) as an aware UTC datetime."""
    return value.replace(tzinfo=UTC) if value is not None else None


class GrantForm(FlaskForm):
    """Extra attempts for one student at one quiz."""

    quiz = SelectField("Quiz", coerce=int, validators=[InputRequired()])
    extra = IntegerField("Extra attempts", default=1,
                         validators=[InputRequired(), NumberRange(1, 20)],
                         description="Added to what the quiz allows; recorded with your name.")


def scope_from_query() -> Scope:
    """The current instructor's scope, narrowed by ?cohort=<id> (one of theirs) if given."""
    return cohorts.instructor_scope(current_user.id, request.args.get("cohort", ""))


def attempts_from_query() -> str:
    """?attempts=first (the default), highest, last or all (BadInput for anything else)."""
    return check_which(request.args.get("attempts", DEFAULT_ATTEMPTS)[:40])
