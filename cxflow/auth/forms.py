"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mail"),
        validators=[InputRequired()],
        render_kw={"autocomplete": "username", "type": "email"},
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired()], render_kw={"autocomplete": "current-password"}
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"), validators=[InputRequired()], render_kw={"autocomplete": "new-password"}
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired()],
        render_kw={"autocomplete": "new-password"},
    )
