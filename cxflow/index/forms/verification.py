"""Expert verification: the draw of a sample (a number or a share of the period's
checklists, optionally a known seed to repeat a draw) and the verdicts on a checklist."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from cxflow.index.services.verification import MAX_SEED


class SampleForm(FlaskForm):
    size = IntegerField(
        _l("Number of checklists"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("Or give a share below."),
    )
    percent = IntegerField(
        _l("Share of the checklists, %"),
        validators=[Optional(), NumberRange(min=1, max=100)],
        description=_l("Rounded up to a whole checklist."),
    )
    seed = IntegerField(
        _l("Seed of an earlier draw"),
        validators=[Optional(), NumberRange(min=0, max=MAX_SEED)],
        description=_l("Leave empty for a new random draw; the same seed repeats a draw."),
    )


class VerdictsForm(FlaskForm):
    """The verdict fields (`verdict-<item id>`, `comment-<item id>`) are read from the posted
    form: a checklist has as many as it has parameters."""
