"""Forms for signing up, logging in and changing a password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from ..services.accounts.policy import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

NEW_PASSWORD_HINT = (f"At least {MIN_PASSWORD_LENGTH} characters, not your username and not a "
                     "common password. Three or four unrelated words work well.")


def _new_password(label: str) -> PasswordField:
    return PasswordField(
        label, validators=[InputRequired(), Length(
            min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
            message=f"Password must be at least {MIN_PASSWORD_LENGTH} characters "
                    f"(at most {MAX_PASSWORD_LENGTH}).")],
        description=NEW_PASSWORD_HINT, render_kw={"autocomplete": "new-password"})


def _repeat() -> PasswordField:
    return PasswordField(
        "Repeat password", validators=[InputRequired(), EqualTo("password",
                                                                message="Passwords differ.")],
        render_kw={"autocomplete": "new-password"})


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired()],
                           render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[InputRequired()],
                             render_kw={"autocomplete": "current-password"})


class SignupForm(FlaskForm):
    username = StringField(
        "Username", validators=[InputRequired(), Length(3, 64, message="Use 3-64 characters."),
                                Regexp(r"^[A-Za-z0-9_.-]+$",
                                       message="Use letters, digits, '.', '_' or '-'.")],
        description="3-64 characters: letters, digits, '.', '_' or '-'.",
        render_kw={"autocomplete": "username"})
    password = _new_password("Password")
    confirm = _repeat()


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[InputRequired()],
                            render_kw={"autocomplete": "current-password"})
    password = _new_password("New password")
    confirm = _repeat()
