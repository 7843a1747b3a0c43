"""Forms for signing up and logging in."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from ..services.accounts.users import MIN_PASSWORD_LENGTH


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
    password = PasswordField(
        "Password", validators=[InputRequired(), Length(
            min=MIN_PASSWORD_LENGTH, max=256,
            message=f"Password must be at least {MIN_PASSWORD_LENGTH} characters (at most 256).")],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        "Repeat password", validators=[InputRequired(), EqualTo("password",
                                                                message="Passwords differ.")],
        render_kw={"autocomplete": "new-password"})
