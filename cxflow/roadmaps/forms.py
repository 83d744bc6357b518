"""Pilot, roadmap and deliverable forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from cxflow.core.forms import VersionedForm, choices, optional_int
from cxflow.pilots.models import DELIVERABLE_TITLES

KIND_TITLES = {"activity": _l("activity"), "checkpoint": _l("checkpoint"), "heading": _l("section")}


class ActivityForm(VersionedForm):
    title = TextAreaField(
        _l("Activity or checkpoint"), validators=[InputRequired()], render_kw={"rows": 2}
    )
    kind = SelectField(_l("Kind"), choices=choices(KIND_TITLES.items()))
    responsible = StringField(_l("Responsible"), validators=[Length(max=300)])
    responsible_user_id = SelectField(
        _l("Responsible user"),
        coerce=optional_int,
        description=_l("Deadline reminders and the “my activities” list follow this user."),
    )
    start_date = DateField(_l("Start date"), validators=[Optional()])
    duration_working_days = IntegerField(
        _l("Duration, working days"),
        validators=[Optional(), NumberRange(min=1, max=2000)],
        description=_l("With a start date, the due date is counted by the production calendar."),
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    result = TextAreaField(_l("Result / confirming document"), render_kw={"rows": 2})
    deliverable_kind = SelectField(
        _l("Kind of confirming document"),
        coerce=lambda v: v or None,
        choices=choices(DELIVERABLE_TITLES.items(), empty="—"),
    )
    note = TextAreaField(_l("Note"), render_kw={"rows": 2})


class NewActivityForm(ActivityForm):
    version = None
    parent_id = HiddenField()


class DeliverableForm(FlaskForm):
    kind = SelectField(_l("Kind of document"), choices=choices(DELIVERABLE_TITLES.items()))
    title = StringField(
        _l("Title"),
        validators=[Length(max=300)],
        description=_l("Empty: the file name or the link."),
    )
    file = FileField(
        _l("File"), description=_l("PDF, Word, Excel, OpenDocument, images; up to 20 MB.")
    )
    url = StringField(
        _l("…or a link"),
        validators=[Length(max=2000)],
        render_kw={"type": "url", "placeholder": "https://"},
    )
    activity_id = SelectField(_l("Roadmap line"), coerce=optional_int)
