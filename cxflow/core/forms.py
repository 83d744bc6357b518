"""Helpers that bring service errors back into WTForms forms."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from cxflow.core.errors import ValidationError


def show_errors(form: FlaskForm, exc: ValidationError) -> None:
    """Attach a service's field errors to the form's fields (or to the form as a whole)."""
    for name, messages in exc.fields.items():
        field = getattr(form, name, None)
        target = field.errors if field is not None else form.form_errors
        if isinstance(target, tuple):  # WTForms keeps validated-OK field errors as a tuple
            field.errors = target = list(target)
        target.extend(messages)


def choices(pairs, empty: str | None = None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, optionally led by an empty choice."""
    options = [SelectChoice("", empty)] if empty is not None else []
    return options + [SelectChoice(str(value), label) for value, label in pairs]


def optional_int(value) -> int | None:
    """Coerce a select's value where an empty choice means "none"."""
    return int(value) if value not in (None, "", "None") else None


class Required:
    """Marks a field required (label and `required` attribute); the service checks it, so
    that every error of a submission shows at once."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        pass


class VersionedForm(FlaskForm):
    """An edit form that carries the version it was read at (optimistic locking)."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
