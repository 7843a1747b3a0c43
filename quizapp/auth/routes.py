"""Sign up, log in, log out (this device or everywhere)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..services.accounts import sessions, users
from ..services.accounts.policy import WeakPassword, normalise_username
from ..services.accounts.throttle import LoginThrottle
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


def start_session(user: users.User) -> None:
    """A fresh session for this device: nothing from before carries over, and the server
    records it so that it can be ended on its own (log out here) or with the others."""
    session.clear()
    sessions.start(user, request.headers.get("User-Agent", ""),
                   current_app.config["PERMANENT_SESSION_LIFETIME"])
    login_user(user)
    session.permanent = True


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_LIMIT_PER_ADDRESS"], methods=["POST"],
               scope="signup-address")
def signup() -> ResponseReturnValue:
    """Create a student account and log in."""
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = users.create_user(form.username.data, form.password.data, "student")
        except BadInput as exc:
            field = form.password if isinstance(exc, WeakPassword) else form.username
            field.errors = [*field.errors, exc.message]
        else:
            start_session(user)
            flash("Welcome! Your account is ready.", "success")
            return redirect(url_for("learner.dashboard"))
    status = 400 if form.errors else 200
    return render_template("auth/signup.html", form=form), status


def _wrong_password_counted() -> bool:
    """The per-address ceiling counts wrong passwords only (not throttled tries, not typos in
    the form such as an empty field)."""
    return bool(g.get("login_failed"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=lambda response: _wrong_password_counted(), scope="login-address")
def login() -> ResponseReturnValue:
    """Log in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("learner.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.errors else 200
    account = normalise_username(form.username.data or "")
    address = request.remote_addr or "unknown"
    throttle = LoginThrottle(limiter.storage)
    wait = throttle.check(account, address).wait
    if wait:
        return _slow_down(form, wait)
    try:
        user = users.authenticate(form.username.data, form.password.data)
    except users.PasswordExpired as exc:
        form.password.errors = [exc.message]
        return render_template("auth/login.html", form=form), 400
    if user is None:
        g.login_failed = True
        wait = throttle.failed(account, address).wait
        message = "Wrong username or password."
        if wait:
            message += f" Wait {_seconds(wait)} before trying again."
        form.password.errors = [message]
        return render_template("auth/login.html", form=form), 400
    throttle.succeeded(account, address)
    start_session(user)
    return redirect(_safe_next(request.args.get("next")))


def _seconds(wait: int) -> str:
    return f"{wait} second{'' if wait == 1 else 's'}"


def _slow_down(form: LoginForm, wait: int) -> ResponseReturnValue:
    """Too many wrong passwords for this account from here: the try is not checked."""
    form.password.errors = [f"Several wrong passwords were tried for this account. Wait "
                            f"{_seconds(wait)}, then try again; your password was not checked."]
    page = render_template("auth/login.html", form=form)
    return page, 429, {"Retry-After": str(wait)}


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    """Log out on this device: this session ends on the server too; others go on."""
    sessions.end(current_user.id, current_user.session_token)
    logout_user()
    session.clear()
    flash("You are logged out on this device.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/logout/everywhere", methods=["POST"])
@login_required
def logout_everywhere() -> ResponseReturnValue:
    """Log out on every device: every session of this account ends, this one included."""
    ended = sessions.end_all(current_user.id)
    logout_user()
    session.clear()
    flash(f"You are logged out everywhere ({ended} session{'' if ended == 1 else 's'} "
          f"ended).", "info")
    return redirect(url_for("auth.login"))
