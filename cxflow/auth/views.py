"""Sign-in, sign-out and password change pages."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from cxflow.auth import services
from cxflow.auth.forms import LoginForm, PasswordForm
from cxflow.auth.throttle import login_rate_limit
from cxflow.core.extensions import login_manager
from cxflow.core.routing import public, safe_redirect_target
from cxflow.core.views import handle_action, handle_form
from cxflow.users.models import User
from cxflow.users.services import user_for_session

bp = Blueprint("auth", __name__, url_prefix="/auth")


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return user_for_session(session_id)


@bp.route("/login", methods=["GET", "POST"])
@public
@login_rate_limit
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_redirect_target(request.args.get("next"), url_for("main.index")))
        form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    user = current_user if current_user.is_authenticated else None
    response = handle_action(  # a new session token ends every copy of this session
        lambda: services.sign_out(user) if user else None, next_url=url_for("auth.login")
    )
    logout_user()
    flash(_("You have signed out."), "info")
    return response


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    return handle_form(
        form,
        lambda: services.change_password(
            current_user,
            form.current_password.data,
            form.new_password.data,
            form.confirm_password.data,
        ),
        success=_("Your password has been changed."),
        template="auth/password.html",
        next_url=lambda _result: _keep_this_session(url_for("main.index")),
    )


def _keep_this_session(target: str) -> str:
    """The new password ended every session; this one goes on with the new session token
    (called after the commit, so a failed change leaves the session as it was)."""
    login_user(current_user._get_current_object())
    return target
