"""Admin pages for user accounts."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.forms import choices
from cxflow.core.paging import paginate
from cxflow.core.routing import id_arg
from cxflow.core.views import handle_form
from cxflow.orgs.services import region_options
from cxflow.users import services
from cxflow.users.access import load_user_or_404
from cxflow.users.forms import NewUserForm, ResetPasswordForm, UserForm
from cxflow.users.models import ROLE_TITLES

bp = Blueprint("users", __name__, url_prefix="/admin/users")


@bp.before_request
def _admins_only():
    access.require(current_user, "users.manage")


@bp.route("/")
def index():
    role = request.args.get("role") or None
    region_id = id_arg("region_id")
    page = paginate(services.list_users(current_user, role, region_id))
    return render_template(
        "users/index.html",
        page=page,
        roles=ROLE_TITLES,
        regions=region_options(),
        role=role,
        region_id=region_id,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = NewUserForm()
    form.region_id.choices = choices(region_options(), empty="—")
    return handle_form(
        form,
        lambda: services.create_user(
            current_user,
            email=form.email.data,
            full_name=form.full_name.data,
            role=form.role.data,
            region_id=form.region_id.data,
            password=form.password.data,
        ),
        success=_("User created."),
        template="users/form.html",
        next_url=lambda u: url_for("users.index"),
    )


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
def edit(user_id: int):
    user = load_user_or_404(user_id)
    form = UserForm(obj=user)
    form.region_id.choices = choices(region_options(), empty="—")
    fields = ("full_name", "role", "region_id", "active")
    return handle_form(
        form,
        lambda: services.update_user(
            current_user, user, {f: getattr(form, f).data for f in fields}, form.version.data
        ),
        success=_("User saved."),
        template="users/form.html",
        user=user,
        password_form=ResetPasswordForm(formdata=None),
        next_url=lambda u: url_for("users.index"),
    )


@bp.route("/<int:user_id>/password", methods=["POST"])
def reset_password(user_id: int):
    user = load_user_or_404(user_id)
    form = ResetPasswordForm()
    return handle_form(
        form,
        lambda: services.reset_password(current_user, user, form.password.data),
        success=_("Password changed."),
        template="users/password.html",
        user=user,
        next_url=lambda _result: url_for("users.edit", user_id=user.id),
    )
