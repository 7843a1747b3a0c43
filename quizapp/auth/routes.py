"""Sign up, log in, log out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..services.accounts import users
from ..services.errors import BadInput
from .blueprint import bp
from .forms import LoginForm, SignupForm


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: an attacker's ?next= must not redirect off site, and a
    CR, LF or other control character must not reach the Location header (the server refuses
    such a header: the login would end in an error page)."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc and "\\" not in target and len(target) <= 2000 \
            and not any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return target
    return url_for("learner.dashboard")


def _start_session(user) -> None:  # type: ignore[no-untyped-def]
    session.clear()  # a fresh session at login: nothing from before carries over
    login_user(user)
    session.permanent = True


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create a student account and log in."""
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = users.create_user(form.username.data, form.password.data, "student")
        except BadInput as exc:
            form.username.errors.append(exc.message)
        else:
            _start_session(user)
            flash("Welcome! Your account is ready.", "success")
            return redirect(url_for("learner.dashboard"))
    status = 400 if form.errors else 200
    return render_template("auth/signup.html", form=form), status


def _account_key() -> str:
    return "account:" + users.normalise_username(request.form.get("username", ""))[:64]


def _failed(response: Response) -> bool:
    """Only failed logins count against the limits (a success redirects)."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_account_key,
               methods=["POST"], deduct_when=_failed, scope="login-account")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=_failed, scope="login-address")
def login():
    """Log in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("learner.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.username.data, form.password.data)
        if user is not None:
            _start_session(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Wrong username or password.")
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out everywhere: the server stops accepting this account's current sessions."""
    users.revoke_sessions(current_user.id)
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
