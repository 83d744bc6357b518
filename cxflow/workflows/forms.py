"""The form of one transition button (an event and, where required, a comment)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length


class TransitionForm(FlaskForm):
    event = HiddenField(validators=[InputRequired()])
    comment = StringField(_l("Comment"), validators=[Length(max=2000)])
