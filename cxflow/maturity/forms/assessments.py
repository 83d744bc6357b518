"""Forms of the self-assessment: the checklist of seed 004 §3 with its header (date, person,
conclusion) and evidence per item, and a consultant's calibration of the same checklist. The
item fields come from the methodology data, so a new edition needs no new form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length

from cxflow.core.errors import ValidationError
from cxflow.core.forms import Required
from cxflow.core.forms import choices as choices_of
from cxflow.maturity.services.checklist import Checklist

EVIDENCE_URL, EVIDENCE_FILE = "{}_evidence_url", "{}_evidence_file"


class AssessmentHeader(FlaskForm):
    # the checklist's header (seed 004 L153, L155) and its closing free text (L200)
    filled_on = DateField(_l("Date filled in"), validators=[Required()])
    filled_by = StringField(
        _l("Filled in by"),
        validators=[Required(), Length(max=300)],
        description=_l("«Исполнитель»: name and position of the person who filled it in."),
    )
    conclusion = TextAreaField(
        _l("Final assessment (free form)"), validators=[Length(max=20_000)], render_kw={"rows": 5}
    )


class CalibrationHeader(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Length(max=20_000)], render_kw={"rows": 3})


def checklist_form(checklist: Checklist, base: type[FlaskForm], evidence: bool) -> FlaskForm:
    """An instance of `base` with one field per item (radio buttons, or checkboxes for a
    multiple item) and, when `evidence`, a link and a file field per item. Choices are not
    checked here: the service names every item left unanswered or answered wrongly."""
    fields = {}
    for item in checklist.items:
        label = f"{item.number}. {item.title}"
        choices = choices_of((option.code, option.title) for option in item.options)
        if item.multiple:
            fields[item.code] = SelectMultipleField(label, choices=choices, validate_choice=False)
        else:
            fields[item.code] = RadioField(label, choices=choices, validate_choice=False)
        if evidence:
            fields[EVIDENCE_URL.format(item.code)] = StringField(
                _l("Evidence: a link"), validators=[Length(max=2000)]
            )
            fields[EVIDENCE_FILE.format(item.code)] = FileField(_l("or a file"))
    return type(f"{base.__name__}Checklist", (base,), fields)()


def answers_of(form: FlaskForm, checklist: Checklist) -> list[dict]:
    """The form's answers as the service takes them: [{item, answer, evidence_url}]."""
    answers = []
    for item in checklist.items:
        value = form[item.code].data
        entry = {"item": item.code, "answer": list(value or []) if item.multiple else value}
        url_field = EVIDENCE_URL.format(item.code)
        if url_field in form:
            entry["evidence_url"] = form[url_field].data or ""
        answers.append(entry)
    return answers


def uploads_of(form: FlaskForm, checklist: Checklist) -> dict:
    """The evidence files chosen, by item code."""
    return {
        item.code: form[EVIDENCE_FILE.format(item.code)].data
        for item in checklist.items
        if EVIDENCE_FILE.format(item.code) in form
    }


def show_answer_errors(form: FlaskForm, exc: ValidationError) -> None:
    """The service names `answers.<item>[.evidence_url|.evidence_file]`: put each message at
    its field; the rest on the form."""
    for name, messages in exc.fields.items():
        parts = name.split(".")
        target = parts[1] if parts[0] == "answers" and len(parts) > 1 else name
        if len(parts) == 3:
            target = f"{parts[1]}_{parts[2]}"
        field = form._fields.get(target)
        if field is None:
            form.form_errors.extend(messages)
            continue
        field.errors = [*field.errors, *messages]
