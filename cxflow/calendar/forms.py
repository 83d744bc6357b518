"""Calendar forms: the working-day calculator and an admin override."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from cxflow.core.forms import choices, optional_int


class CalculatorForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    start = DateField(_l("Start date"), validators=[InputRequired()])
    days = IntegerField(
        _l("Working days"),
        validators=[InputRequired()],
        description=_l("The start date counts as day 1 when it is a working day."),
    )


class OverrideForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired()])
    is_working = RadioField(
        _l("The day is"),
        choices=choices([("0", _l("a day off")), ("1", _l("a working day"))]),
        default="0",
        validators=[InputRequired()],
    )
    region_id = SelectField(
        _l("Region"), coerce=optional_int, description=_l("Empty: the whole country.")
    )
    note = StringField(_l("Reason"), validators=[Length(max=200)])
