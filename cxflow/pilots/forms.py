"""The new-pilot and pilot forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from cxflow.core.forms import VersionedForm, choices, optional_int
from cxflow.pilots.models import DIRECTION_TITLES


class NewPilotForm(FlaskForm):
    region_id = SelectField(_l("Region"), coerce=optional_int, validators=[InputRequired()])
    direction = SelectField(_l("Direction"), choices=choices(DIRECTION_TITLES.items()))
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    template = SelectField(
        _l("Roadmap template"),
        description=_l("Activities, results and deadlines are copied from the template."),
    )
    start_date = DateField(_l("Start date"), validators=[InputRequired()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    optional_lines = BooleanField(
        _l("Include the programme's lines that the typical roadmap omits"),
        default=True,
        description=_l(
            "The order, training, approval of the roadmap and the results report of the "
            "programme (Appendix 1), marked optional in the roadmap."
        ),
    )
    project_year = IntegerField(
        _l("Project year"),
        validators=[Optional()],
        description=_l(
            "For the checkpoints of a customer-experience management system (seed 004 §2): the "
            "calendar year of the regional project; all checkpoints fall in it. The start's "
            "year when empty."
        ),
    )


class PilotForm(VersionedForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    target_group = StringField(_l("Target group"), validators=[Length(max=300)])
    service = StringField(_l("Public service"), validators=[Length(max=300)])
    end_date = DateField(_l("End date"), validators=[Optional()])
    order_number = StringField(_l("Order number"), validators=[Length(max=50)])
    order_date = DateField(_l("Order date"), validators=[Optional()])
    office_ids = SelectMultipleField(_l("Participating offices"), coerce=int)
    preparatory_start = DateField(_l("Preparatory phase from"), validators=[Optional()])
    preparatory_end = DateField(_l("Preparatory phase to"), validators=[Optional()])
    main_start = DateField(_l("Main phase from"), validators=[Optional()])
    main_end = DateField(_l("Main phase to"), validators=[Optional()])
    final_start = DateField(_l("Final phase from"), validators=[Optional()])
    final_end = DateField(_l("Final phase to"), validators=[Optional()])
    results_remarks = TextAreaField(_l("Remarks and proposals (results report, part 2)"))
    results_effects = TextAreaField(_l("Effects and benefits (results report, part 3)"))
