"""Forms of the working group: a member and a meeting (with the signed protocol's file)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from cxflow.core.forms import VersionedForm, optional_int
from cxflow.working_groups.services import MAX_MEETING_NUMBER


class MemberForm(VersionedForm):
    full_name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=200)])
    position = StringField(_l("Position"), validators=[Length(max=300)])
    organisation = StringField(
        _l("Organisation"),
        validators=[Length(max=300)],
        description=_l("Outside bodies too: a non-profit, the penitentiary service…"),
    )
    role = StringField(
        _l("Role in the working group"),
        validators=[Length(max=200)],
        description=_l("For example: secretary, responsible for measurements."),
    )
    is_leader = BooleanField(
        _l("Leader of the working group"),
        description=_l("Only one leader: marking this member clears the mark on the others."),
    )
    is_target_group_representative = BooleanField(_l("Representative of the target group"))
    phone = StringField(_l("Phone"), validators=[Length(max=50)], render_kw={"type": "tel"})
    email = StringField(_l("E-mail"), validators=[Length(max=254)], render_kw={"type": "email"})
    user_id = SelectField(
        _l("User account"),
        coerce=optional_int,
        description=_l("Optional: the member's account in cxflow (users of the pilot's region)."),
    )


class NewMemberForm(MemberForm):
    version = None


class MeetingForm(VersionedForm):
    number = IntegerField(
        _l("Meeting number"),
        validators=[InputRequired(), NumberRange(min=1, max=MAX_MEETING_NUMBER)],
    )
    held_on = DateField(_l("Date of the meeting"), validators=[InputRequired()])
    protocol = TextAreaField(
        _l("Protocol"),
        validators=[InputRequired()],
        render_kw={"rows": 5},
        description=_l("Who attended and what was discussed."),
    )
    decisions = TextAreaField(_l("Decisions"), render_kw={"rows": 4})
    approves_roadmap = BooleanField(
        _l("This meeting approved the roadmap"),
        description=_l(
            "Its protocol approves the pilot's roadmap (the programme: roadmaps «approved by "
            "the working group's protocol»)."
        ),
    )
    file = FileField(
        _l("Signed protocol (file)"),
        description=_l(
            "Optional. PDF, Word, Excel, OpenDocument, images; up to 20 MB. Kept among the "
            "pilot's documents as a protocol."
        ),
    )


class NewMeetingForm(MeetingForm):
    version = None
