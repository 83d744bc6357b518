"""The federal decision on an office's points for a period (seed 002 L103): annul or
reverse, with the reason the service requires."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField

from cxflow.core.forms import Required


class DecisionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[Required()],
        description=_l("Kept with the decision and shown to everyone who sees the index."),
        render_kw={"rows": 3},
    )
    next = HiddenField()
