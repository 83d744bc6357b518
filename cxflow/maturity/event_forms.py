"""The form of a competence event (seed 004 §1 item 17)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from cxflow.core.forms import Required, choices, optional_int
from cxflow.maturity.models.events import EVENT_KIND_TITLES


class EventForm(FlaskForm):
    held_on = DateField(_l("Date held"), validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[Required(), Length(max=300)])
    kind = SelectField(
        _l("Kind"), choices=choices(EVENT_KIND_TITLES.items()), validate_choice=False
    )
    office_id = SelectField(
        _l("Office"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("Leave empty for an event of the whole region."),
    )
    participants = IntegerField(
        _l("Participants"), validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
