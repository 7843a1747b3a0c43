"""Your account: who you are, where you are logged in, and changing your password. A
temporary password (after a reset) leads every page here until a new one is chosen."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..services.accounts import passwords, sessions
from ..services.accounts.policy import WeakPassword
from ..services.errors import BadInput
from .blueprint import bp
from .forms import ChangePasswordForm

# What a user who must change a temporary password may still reach.
_OPEN_WHILE_FORCED = {"auth.change_password", "auth.logout", "auth.logout_everywhere",
                      "auth.login", "auth.signup", "static", "healthz"}


@bp.before_app_request
def _new_password_first() -> ResponseReturnValue | None:
    """After a reset, the temporary password opens only the page that replaces it."""
    # The endpoint first: the bare route (/healthz) and static files load no user (a query).
    if request.endpoint not in _OPEN_WHILE_FORCED and current_user.is_authenticated \
            and current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/account")
@login_required
def account() -> ResponseReturnValue:
    """Your account and the devices you are logged in on."""
    return render_template("auth/account.html", sessions=sessions.sessions_of(
        current_user.id, current_user.session_token))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    """Change your password; every other session of your account ends, this one goes on."""
    form = ChangePasswordForm()
    if current_user.must_change_password:
        form.current.label.text = "Temporary password"
    if form.validate_on_submit():
        try:
            ended = passwords.change_password(current_user.id, form.current.data,
                                              form.password.data, current_user.session_token)
        except BadInput as exc:
            field = form.password if isinstance(exc, WeakPassword) else form.current
            field.errors = [*field.errors, exc.message]
        else:
            others = f" and logged out on {ended} other device{'' if ended == 1 else 's'}" \
                if ended else ""
            flash(f"Your password is changed{others}.", "success")
            return redirect(url_for("auth.account"))
    status = 400 if form.errors else 200
    return render_template("auth/password.html", form=form,
                           forced=current_user.must_change_password), status
