"""Forms of client KPIs, the pilot's target group and service, and client profiles."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from cxflow.clients.models import CLIENT_TYPE_TITLES, KPI_GROUP_TITLES
from cxflow.core.forms import Required, VersionedForm, choices, optional_int

ONE_PER_LINE = _l("One item per line.")


class KpiForm(FlaskForm):
    group = SelectField(
        _l("Group"), choices=choices(KPI_GROUP_TITLES.items()), validate_choice=False
    )
    title = StringField(_l("Indicator"), validators=[Required(), Length(max=300)])
    description = TextAreaField(
        _l("Essence"),
        render_kw={"rows": 2},
        description=_l("What the indicator means for the client, in the client's words."),
    )
    unit = StringField(_l("Unit"), validators=[Length(max=50)])
    formula = TextAreaField(_l("How it is calculated"), render_kw={"rows": 2})
    baseline = StringField(
        _l("Baseline"),
        validators=[Length(max=200)],
        description=_l("As the sources state it, e.g. «61% в 2021 г.»."),
    )
    target = StringField(
        _l("Target"),
        validators=[Length(max=200)],
        description=_l("As the sources state it, e.g. «≥ 80%»."),
    )


class KpiEditForm(KpiForm, VersionedForm):
    pass


class TargetForm(VersionedForm):
    """The pilot's target group and public service (the `target_group` stage needs both)."""

    target_group = StringField(_l("Target group"), validators=[Length(max=300)])
    service_entry_id = SelectField(
        _l("Public service from the catalogue"), coerce=optional_int, validate_choice=False
    )
    service = StringField(
        _l("Public service"),
        validators=[Length(max=300)],
        description=_l("Used when no service of the catalogue is chosen above."),
    )


class ProfileForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Required(), Length(max=300)])
    target_group = StringField(_l("Target group"), validators=[Length(max=300)])
    client_type = SelectField(
        _l("Client type"),
        choices=choices(CLIENT_TYPE_TITLES.items(), empty="—"),
        validate_choice=False,
        description=_l("Counted for maturity item 5: profiles of job seekers and employers."),
    )
    office_id = SelectField(_l("Source office"), coerce=optional_int, validate_choice=False)
    persona_name = StringField(
        _l("Persona"), validators=[Length(max=200)], description=_l("E.g. «Ольга, 37 лет».")
    )
    age = StringField(_l("Age"), validators=[Length(max=100)])
    gender = StringField(_l("Gender"), validators=[Length(max=100)])
    family_status = StringField(_l("Family status"), validators=[Length(max=300)])
    education = TextAreaField(_l("Education"), render_kw={"rows": 2})
    experience = TextAreaField(_l("Work experience"), render_kw={"rows": 3})
    preferred_channels = TextAreaField(
        _l("Preferred ways of interacting with the job centre"), render_kw={"rows": 2}
    )
    extra = TextAreaField(
        _l("Other header fields"),
        render_kw={"rows": 4},
        description=_l(
            "Fields of this target group, one “Name: value” per line, "
            "e.g. «Группа инвалидности: III»."
        ),
    )
    values = TextAreaField(
        _l("Values, personal qualities, interests"), render_kw={"rows": 6}, description=ONE_PER_LINE
    )
    wishes = TextAreaField(_l("Wishes"), render_kw={"rows": 6}, description=ONE_PER_LINE)
    pains = TextAreaField(
        _l("Pains and difficulties"), render_kw={"rows": 6}, description=ONE_PER_LINE
    )
    goals = TextAreaField(_l("Goals"), render_kw={"rows": 4}, description=ONE_PER_LINE)
    quotes = TextAreaField(
        _l("Quotes"), render_kw={"rows": 4}, description=_l("One quote of a client per line.")
    )


class ProfileEditForm(ProfileForm, VersionedForm):
    pass


class MergeForm(FlaskForm):
    title = StringField(_l("Title of the merged profile"), validators=[Required(), Length(max=300)])
    source_ids = SelectMultipleField(
        _l("Profiles to merge"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
