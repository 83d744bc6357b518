"""The form of a control's transition button: the event, the version read, the office for an
office's control, a reason to step back and evidence (a link or a file) to operate."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput


class ControlTransitionForm(FlaskForm):
    event = HiddenField(validators=[InputRequired()])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])
    office_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    comment = StringField(_l("Comment"), validators=[Length(max=2000)])
    evidence_url = StringField(_l("Link to the evidence"), validators=[Length(max=2000)])
    evidence_file = FileField(_l("or a file"))
