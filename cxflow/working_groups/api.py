"""/api/v1 endpoints of the working groups domain (API.md "CX improvement cycle"): members,
meetings, the signed protocol's file and the meeting-cadence warnings."""

import marshmallow as ma
from flask import request

from cxflow.core import access
from cxflow.core.api import Blueprint, PageArgs, api_user, list_schema, paginated
from cxflow.core.clock import region_today
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.working_groups import services
from cxflow.working_groups.models import Meeting, Member
from cxflow.working_groups.schemas import (
    PROTOCOL_BODY,
    MeetingCreate,
    MeetingPatch,
    MeetingSchema,
    MemberCreate,
    MemberPatch,
    MemberSchema,
    ProtocolForm,
    WorkingGroupSchema,
)

blp = Blueprint("working_groups_api", __name__, url_prefix="/api/v1", description="working groups")


def _pilot(pilot_id: int) -> Pilot:
    return access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")


def _member(member_id: int) -> Member:
    return access.get_or_404(Member, member_id, api_user(), "pilots.view")


def _meeting(meeting_id: int) -> Meeting:
    return access.get_or_404(Meeting, meeting_id, api_user(), "pilots.view")


# --- the whole group ----------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/working-group")
@blp.response(200, WorkingGroupSchema)
def working_group(pilot_id):
    """Members, meetings and the meeting-cadence warnings (by the region's today)."""
    pilot = _pilot(pilot_id)
    meetings = services.list_meetings(api_user(), pilot)
    today = region_today(pilot.region.timezone)
    return {
        "members": services.list_members(api_user(), pilot),
        "meetings": meetings,
        "warnings": services.cadence_warnings(pilot, today, meetings),
    }


# --- members -----------------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/members")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(MemberSchema))
def list_members(args, pilot_id):
    """The leader first, then in the order added."""
    stmt = services.members_query(api_user(), _pilot(pilot_id))
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/members", methods=["POST"])
@blp.arguments(MemberCreate)
@blp.response(201, MemberSchema)
def create_member(data, pilot_id):
    member = services.add_member(api_user(), _pilot(pilot_id), data)
    db.session.commit()
    return member


@blp.route("/members/<int:member_id>")
@blp.response(200, MemberSchema)
def get_member(member_id):
    return _member(member_id)


@blp.route("/members/<int:member_id>", methods=["PATCH"])
@blp.arguments(MemberPatch)
@blp.response(200, MemberSchema)
def update_member(data, member_id):
    member = _member(member_id)
    version = data.pop("version")
    services.update_member(api_user(), member, data, version)
    db.session.commit()
    return member


@blp.route("/members/<int:member_id>", methods=["DELETE"])
@blp.response(204)
def delete_member(member_id):
    services.delete_member(api_user(), _member(member_id))
    db.session.commit()


# --- meetings ----------------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/meetings")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(MeetingSchema))
def list_meetings(args, pilot_id):
    """In the order of their numbers."""
    stmt = services.meetings_query(api_user(), _pilot(pilot_id))
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/meetings", methods=["POST"])
@blp.arguments(MeetingCreate)
@blp.response(201, MeetingSchema)
def create_meeting(data, pilot_id):
    """`number` unique in the pilot; `held_on` not later than a year from today."""
    meeting = services.add_meeting(api_user(), _pilot(pilot_id), data)
    db.session.commit()
    return meeting


@blp.route("/meetings/<int:meeting_id>")
@blp.response(200, MeetingSchema)
def get_meeting(meeting_id):
    return _meeting(meeting_id)


@blp.route("/meetings/<int:meeting_id>", methods=["PATCH"])
@blp.arguments(MeetingPatch)
@blp.response(200, MeetingSchema)
def update_meeting(data, meeting_id):
    meeting = _meeting(meeting_id)
    version = data.pop("version")
    services.update_meeting(api_user(), meeting, data, version)
    db.session.commit()
    return meeting


@blp.route("/meetings/<int:meeting_id>", methods=["DELETE"])
@blp.response(204)
def delete_meeting(meeting_id):
    """The protocol's file stays among the pilot's documents."""
    services.delete_meeting(api_user(), _meeting(meeting_id))
    db.session.commit()


@blp.route("/meetings/<int:meeting_id>/protocol", methods=["POST"])
@blp.doc(requestBody=PROTOCOL_BODY)
@blp.response(200, MeetingSchema)
def attach_protocol(meeting_id):
    """Multipart `file`: the signed protocol, kept as a pilot deliverable of kind `protocol`."""
    meeting = _meeting(meeting_id)
    try:
        form = ProtocolForm().load(request.form.to_dict(), unknown=ma.EXCLUDE)
    except ma.ValidationError as exc:
        raise ValidationError(exc.messages) from None
    services.attach_protocol(api_user(), meeting, request.files.get("file"), form["version"])
    db.session.commit()
    return meeting
