"""Forms of solution maps: a row of the map, a transition, the effect's measurements.

The rules (what is required when) live in cxflow.solutions.services; these forms parse and
label."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from cxflow.core.forms import Required, VersionedForm, choices, optional_int
from cxflow.solutions.models import TIER_TITLES


class SolutionFields(FlaskForm):
    stage_id = SelectField(
        _l("Journey stage"), coerce=optional_int, validators=[Required()], validate_choice=False
    )
    pain_point_id = SelectField(
        _l("Pain point"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("Optional: a pain point of the chosen stage."),
    )
    solution = TextAreaField(_l("Solution"), validators=[Required()], render_kw={"rows": 3})
    planned_result = TextAreaField(_l("Planned result"), render_kw={"rows": 2})
    owner = StringField(
        _l("In charge"),
        validators=[Length(max=300)],
        description=_l("A person or a body, e.g. «Отдел трудоустройства». Or choose a user below."),
    )
    owner_user_id = SelectField(_l("User in charge"), coerce=optional_int, validate_choice=False)
    window_start = DateField(
        _l("Window from"),
        validators=[Optional()],
        description=_l("Optional: when the work runs in a window («07.10 – 22.10»)."),
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    ongoing = BooleanField(_l("Ongoing (no due date)"))
    tier = SelectField(_l("Tier"), choices=choices(TIER_TITLES.items()))


class SolutionForm(SolutionFields):
    pass


class SolutionEditForm(VersionedForm, SolutionFields):
    pass


class TransitionForm(FlaskForm):
    event = HiddenField(validators=[InputRequired()])
    # the version the page showed: a second click on a stale page is a conflict
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    comment = StringField(_l("Reason"), validators=[Length(max=2000)])
    done_on = DateField(_l("Delivered on"), validators=[Optional()])


class EffectForm(VersionedForm):
    before_measurement_id = SelectField(
        _l("Measurement before"), coerce=optional_int, validate_choice=False
    )
    after_measurement_id = SelectField(
        _l("Measurement after"), coerce=optional_int, validate_choice=False
    )
