"""Forms of the consultation log: a region's question, a recorded consultation, an answer."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length

from cxflow.core.forms import VersionedForm, choices, optional_int
from cxflow.pilots.models import DIRECTION_TITLES


class QuestionForm(FlaskForm):
    region_id = SelectField(_l("Region"), coerce=optional_int, validators=[InputRequired()])
    direction = SelectField(_l("Direction"), choices=choices(DIRECTION_TITLES.items()))
    received_on = DateField(_l("Date the question was received"), validators=[InputRequired()])
    topic = StringField(
        _l("Topic"), validators=[Length(max=300)], description=_l("A few words; optional.")
    )
    question = TextAreaField(_l("Question"), validators=[InputRequired()], render_kw={"rows": 6})
    attachments = MultipleFileField(
        _l("Attachments"), description=_l("PDF, Word, Excel, OpenDocument, images; up to 20 MB.")
    )


class RecordForm(FlaskForm):
    region_id = SelectField(_l("Main region"), coerce=optional_int, validators=[InputRequired()])
    other_region_ids = SelectMultipleField(
        _l("Other regions"),
        coerce=int,
        description=_l("The other regions the consultation concerns, if any."),
    )
    direction = SelectField(_l("Direction"), choices=choices(DIRECTION_TITLES.items()))
    received_on = DateField(_l("Date of the consultation"), validators=[InputRequired()])
    topic = StringField(_l("Topic"), validators=[InputRequired(), Length(max=300)])
    question = TextAreaField(
        _l("Content of the consultation"), validators=[InputRequired()], render_kw={"rows": 6}
    )


class AnswerForm(VersionedForm):
    answer = TextAreaField(_l("Answer"), validators=[InputRequired()], render_kw={"rows": 6})
    answered_on = DateField(_l("Date of the answer"), validators=[InputRequired()])
