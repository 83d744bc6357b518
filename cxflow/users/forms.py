"""User administration forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from cxflow.core.forms import VersionedForm, choices, optional_int
from cxflow.users.models import ROLE_TITLES


class UserForm(VersionedForm):
    full_name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=choices(ROLE_TITLES.items()))
    region_id = SelectField(
        _l("Region"),
        coerce=optional_int,
        description=_l("Required for regional roles; empty for administrators and consultants."),
    )
    active = BooleanField(_l("Active (may sign in)"), default=True)


class NewUserForm(UserForm):
    version = None
    active = None
    email = StringField(
        _l("E-mail"),
        validators=[InputRequired(), Length(max=254)],
        render_kw={"type": "email", "autocomplete": "off"},
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[InputRequired()],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least 8 characters; tell it to the user."),
    )


class ResetPasswordForm(VersionedForm):
    version = None
    password = PasswordField(
        _l("New password"), validators=[InputRequired()], render_kw={"autocomplete": "new-password"}
    )
