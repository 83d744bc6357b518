"""Forms of a region's index periods: open one, choose its objective indicators, suspend one.
The chosen keys are read from the posted checkboxes (`keys`), the methodology's, not fields."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from cxflow.core.forms import Required


class OpenPeriodForm(FlaskForm):
    period_start = DateField(_l("First day"), validators=[InputRequired()])
    period_end = DateField(
        _l("Last day"),
        validators=[InputRequired()],
        description=_l("The 2022 pilot collected answers from 25.04.2022 to 06.05.2022."),
    )


class ChooseForm(FlaskForm):
    """The chosen indicators (checkboxes `keys`) and the period's version as read."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class SuspendForm(FlaskForm):
    indicator_key = SelectField(_l("Indicator"), validators=[Required()])
    reason = TextAreaField(
        _l("Reason"),
        validators=[Required(), Length(max=2000)],
        render_kw={"rows": 2},
        description=_l(
            "E.g. a long economic downturn for the growth of vacancies (seed 002, remark 23). "
            "The indicator is left out of the period's index, not scored 0."
        ),
    )
