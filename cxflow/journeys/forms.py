"""Forms of the journeys domain: journeys, stages, touchpoints, pain points, measurements.

The rules (what is required when) live in the services; these forms parse and label."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import TextInput

from cxflow.core.forms import VersionedForm, choices, optional_int
from cxflow.journeys.models import CHANNEL_TITLES, METHOD_TITLES, METRIC_TITLES, STAGE_KIND_TITLES

ONE_PER_LINE = _l("One per line.")


class NumberField(FloatField):
    """A number typed with a decimal point or, as in Russian, a decimal comma (a text input:
    a browser's number input may refuse the comma)."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").replace(" ", "") for v in valuelist])


class JourneyFields(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    profile_id = SelectField(
        _l("Client profile"), coerce=optional_int, validators=[InputRequired()]
    )
    service_entry_id = SelectField(
        _l("Service from the catalogue"),
        coerce=optional_int,
        description=_l("Optional. When the field below is empty, the service is named after it."),
    )
    service = StringField(
        _l("Service"),
        validators=[Length(max=300)],
        description=_l("For example: «Содействие гражданам в поиске подходящей работы»."),
    )
    trigger = TextAreaField(
        _l("Trigger"),
        render_kw={"rows": 2},
        description=_l(
            "What starts the journey, e.g. «Гражданин осознал необходимость получить услугу»."
        ),
    )


class NewJourneyForm(JourneyFields):
    stage_titles = TextAreaField(
        _l("Stages"),
        render_kw={"rows": 5},
        description=_l(
            "Optional: the titles of the stages in order, one per line. "
            "Their details can be filled in later."
        ),
    )


class JourneyForm(VersionedForm, JourneyFields):
    pass


class StageFields(FlaskForm):
    title = StringField(_l("Stage"), validators=[InputRequired(), Length(max=300)])
    kind = SelectField(_l("Kind of stage"), choices=choices(STAGE_KIND_TITLES.items()))
    condition = StringField(
        _l("Condition"),
        validators=[Length(max=500)],
        description=_l(
            "Required for a conditional stage (when it happens, e.g. «если не удалось п.4») "
            "and for a loop (when it repeats and where the client goes back to)."
        ),
    )
    client_goal = TextAreaField(_l("Client goal"), render_kw={"rows": 2})
    client_thoughts = TextAreaField(
        _l("Client thoughts"),
        render_kw={"rows": 3},
        description=_l("Questions in the client's words, one per line."),
    )
    office_goal = TextAreaField(_l("Office goal"), render_kw={"rows": 2})
    barriers = TextAreaField(_l("Barriers"), render_kw={"rows": 3}, description=ONE_PER_LINE)
    responsible_internal = TextAreaField(
        _l("Responsible in the employment service"),
        render_kw={"rows": 2},
        description=ONE_PER_LINE,
    )
    responsible_external = TextAreaField(
        _l("Responsible outside organisations"),
        render_kw={"rows": 2},
        description=_l("For example ФСИН, НКО, a training institution; one per line."),
    )
    # choices: the stage topics of the index methodology in force (set by the view)
    index_topic = SelectField(
        _l("Index topic"),
        choices=[],
        default="",
        description=_l(
            "Which indicators of the customer-centricity index the journey map shows at this "
            "stage. Blank: guessed from the stage's title."
        ),
    )


class StageForm(StageFields):
    pass


class StageEditForm(VersionedForm, StageFields):
    pass


class TouchpointForm(FlaskForm):
    title = StringField(_l("Touchpoint"), validators=[InputRequired(), Length(max=300)])
    channel = SelectField(_l("Channel"), choices=choices(CHANNEL_TITLES.items()))
    responsible = StringField(_l("Responsible"), validators=[Length(max=300)])


class PainPointForm(FlaskForm):
    description = TextAreaField(
        _l("Pain point"), validators=[InputRequired()], render_kw={"rows": 3}
    )
    evidence = TextAreaField(
        _l("Evidence"),
        render_kw={"rows": 2},
        description=_l("Where it was found: a measurement, complaints, an interview…"),
    )
    touchpoint_id = SelectField(_l("Touchpoint"), coerce=optional_int)


class TouchpointEditForm(VersionedForm, TouchpointForm):
    pass


class PainPointEditForm(VersionedForm, PainPointForm):
    pass


class MeasurementFields(FlaskForm):
    method = SelectField(_l("Method"), choices=choices(METHOD_TITLES.items()))
    metric = SelectField(_l("Metric"), choices=choices(METRIC_TITLES.items()))
    metric_name = StringField(
        _l("Name of the custom metric"),
        validators=[Length(max=200)],
        description=_l("Required for a custom metric, e.g. «Effort net score»."),
    )
    scale_min = NumberField(
        _l("Lowest value of the scale"),
        validators=[Optional()],
        description=_l(
            "Required for a mean score and for CES (e.g. 1 to 5; for CES a higher value means "
            "less effort). Share satisfied and CSI are 0–100 and NPS −100…100 by definition."
        ),
    )
    scale_max = NumberField(_l("Highest value of the scale"), validators=[Optional()])
    value = NumberField(_l("Value"), validators=[InputRequired()])
    sample_size = IntegerField(
        _l("Sample size (n)"),
        validators=[InputRequired()],
        description=_l("How many clients were asked or observed."),
    )
    period_start = DateField(_l("Period from"), validators=[InputRequired()])
    period_end = DateField(_l("Period to"), validators=[InputRequired()])
    touchpoint = SelectField(_l("Touchpoint"), coerce=optional_int)
    formula = TextAreaField(
        _l("Formula"), render_kw={"rows": 2}, description=_l("How the value was computed.")
    )
    note = TextAreaField(_l("Note"), render_kw={"rows": 2})


class MeasurementForm(MeasurementFields):
    pass


class MeasurementEditForm(VersionedForm, MeasurementFields):
    pass
