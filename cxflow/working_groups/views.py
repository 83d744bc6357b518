"""HTML pages of the working group: members, meetings with protocols, cadence warnings."""

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.views import handle_action, handle_form
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import Pilot
from cxflow.users.models import User
from cxflow.working_groups import services
from cxflow.working_groups.access import load_meeting_or_404, load_member_or_404
from cxflow.working_groups.forms import MeetingForm, MemberForm, NewMeetingForm, NewMemberForm

bp = Blueprint("working_groups", __name__)


def _to_index(pilot_id: int, anchor: str = ""):
    return redirect(url_for("working_groups.index", pilot_id=pilot_id) + anchor)


@bp.route("/pilots/<int:pilot_id>/working-group")
def index(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    meetings = services.list_meetings(current_user, pilot)
    return render_template(
        "working_groups/index.html",
        pilot=pilot,
        members=services.list_members(current_user, pilot),
        meetings=meetings,
        warnings=services.cadence_warnings(pilot, region_today(pilot.region.timezone), meetings),
        cadence=services.cadence(pilot),
    )


# --- members ---------------------------------------------------------------------------------


def _user_choices(pilot: Pilot) -> list:
    users = db.session.scalars(
        sa.select(User)
        .where(User.region_id == pilot.region_id, User.active)
        .order_by(User.full_name)
    )
    return choices(((u.id, u.full_name) for u in users), empty="—")


MEMBER_DATA = (
    "full_name",
    "position",
    "organisation",
    "role",
    "is_leader",
    "is_target_group_representative",
    "phone",
    "email",
    "user_id",
)


def _member_data(form) -> dict:
    return {name: getattr(form, name).data for name in MEMBER_DATA}


@bp.route("/pilots/<int:pilot_id>/working-group/members/new", methods=["GET", "POST"])
def new_member(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    access.require(current_user, "working_group.manage", pilot.region_id)
    form = NewMemberForm()
    form.user_id.choices = _user_choices(pilot)
    return handle_form(
        form,
        lambda: services.add_member(current_user, pilot, _member_data(form)),
        success=_("Member added."),
        template="working_groups/member_form.html",
        pilot=pilot,
        next_url=lambda m: url_for("working_groups.index", pilot_id=pilot.id) + "#members",
    )


@bp.route("/working-group/members/<int:member_id>/edit", methods=["GET", "POST"])
def edit_member(member_id: int):
    member = load_member_or_404(member_id, permission="pilots.view")
    access.require(current_user, "working_group.manage", member.region_id)
    form = MemberForm(obj=member)
    form.user_id.choices = _user_choices(member.pilot)
    return handle_form(
        form,
        lambda: services.update_member(current_user, member, _member_data(form), form.version.data),
        success=_("Member saved."),
        template="working_groups/member_form.html",
        pilot=member.pilot,
        member=member,
        next_url=lambda m: url_for("working_groups.index", pilot_id=m.pilot_id) + "#members",
    )


def _act(action, pilot_id: int, success: str, anchor: str):
    """Run a one-button action (delete) and come back to the page."""
    next_url = url_for("working_groups.index", pilot_id=pilot_id) + anchor
    return handle_action(action, next_url=next_url, success=success)


@bp.route("/working-group/members/<int:member_id>/delete", methods=["POST"])
def delete_member(member_id: int):
    member = load_member_or_404(member_id, permission="pilots.view")
    pilot_id = member.pilot_id
    return _act(
        lambda: services.delete_member(current_user, member),
        pilot_id,
        _("Member deleted."),
        "#members",
    )


# --- meetings --------------------------------------------------------------------------------

MEETING_DATA = ("number", "held_on", "protocol", "decisions", "approves_roadmap")


def _meeting_data(form) -> dict:
    return {name: getattr(form, name).data for name in MEETING_DATA}


def _upload(form):
    upload = form.file.data
    return upload if upload and getattr(upload, "filename", "") else None


@bp.route("/pilots/<int:pilot_id>/working-group/meetings/new", methods=["GET", "POST"])
def new_meeting(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    access.require(current_user, "working_group.manage", pilot.region_id)
    form = NewMeetingForm()
    if request.method == "GET":
        form.number.data = services.next_meeting_number(pilot)
        form.held_on.data = region_today(pilot.region.timezone)
    return handle_form(
        form,
        lambda: services.add_meeting(current_user, pilot, _meeting_data(form), _upload(form)),
        success=_("Meeting added."),
        template="working_groups/meeting_form.html",
        pilot=pilot,
        next_url=lambda m: url_for("working_groups.index", pilot_id=pilot.id) + "#meetings",
    )


@bp.route("/working-group/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit_meeting(meeting_id: int):
    meeting = load_meeting_or_404(meeting_id, permission="pilots.view")
    access.require(current_user, "working_group.manage", meeting.region_id)
    form = MeetingForm(obj=meeting)
    return handle_form(
        form,
        lambda: services.update_meeting(
            current_user, meeting, _meeting_data(form), form.version.data, _upload(form)
        ),
        success=_("Meeting saved."),
        template="working_groups/meeting_form.html",
        pilot=meeting.pilot,
        meeting=meeting,
        next_url=lambda m: url_for("working_groups.index", pilot_id=m.pilot_id) + "#meetings",
    )


@bp.route("/working-group/meetings/<int:meeting_id>/delete", methods=["POST"])
def delete_meeting(meeting_id: int):
    meeting = load_meeting_or_404(meeting_id, permission="pilots.view")
    pilot_id = meeting.pilot_id
    return _act(
        lambda: services.delete_meeting(current_user, meeting),
        pilot_id,
        _("Meeting deleted."),
        "#meetings",
    )
