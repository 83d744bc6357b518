"""/api/v1 endpoints of the working groups domain (API.md "CX improvement cycle"): members,
meetings, the signed protocol's file and the meeting-cadence warnings."""

import marshmallow as ma
from flask import request

from cxflow.core.api import Blueprint, PageArgs, api_user, list_schema, paginated
from cxflow.core.clock import region_today
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.pilots.access import load_pilot_or_404
from cxflow.working_groups import services
from cxflow.working_groups.access import load_meeting_or_404, load_member_or_404
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


# --- the whole group ----------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/working-group")
@blp.response(200, WorkingGroupSchema)
def working_group(pilot_id):
    """Members, meetings and the meeting-cadence warnings (by the region's today)."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    meetings = services.list_meetings(api_user(), pilot)
    today = region_today(pilot.region.timezone)
    return {
        "members": services.list_members(api_user(), pilot),
        "meetings": meetings,
        "warnings": services.cadence_warnings(pilot, today, meetings),
        "cadence": services.cadence(pilot),
    }


# --- members -----------------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/members")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(MemberSchema))
def list_members(args, pilot_id):
    """The leader first, then in the order added."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    stmt = services.members_query(api_user(), pilot)
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/members", methods=["POST"])
@blp.arguments(MemberCreate)
@blp.response(201, MemberSchema)
def create_member(data, pilot_id):
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    member = services.add_member(api_user(), pilot, data)
    db.session.commit()
    return member


@blp.route("/members/<int:member_id>")
@blp.response(200, MemberSchema)
def get_member(member_id):
    return load_member_or_404(member_id, api_user(), "pilots.view")


@blp.route("/members/<int:member_id>", methods=["PATCH"])
@blp.arguments(MemberPatch)
@blp.response(200, MemberSchema)
def update_member(data, member_id):
    member = load_member_or_404(member_id, api_user(), "pilots.view")
    version = data.pop("version")
    services.update_member(api_user(), member, data, version)
    db.session.commit()
    return member


@blp.route("/members/<int:member_id>", methods=["DELETE"])
@blp.response(204)
def delete_member(member_id):
    services.delete_member(api_user(), load_member_or_404(member_id, api_user(), "pilots.view"))
    db.session.commit()


# --- meetings ----------------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/meetings")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(MeetingSchema))
def list_meetings(args, pilot_id):
    """In the order of their numbers."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    stmt = services.meetings_query(api_user(), pilot)
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/meetings", methods=["POST"])
@blp.arguments(MeetingCreate)
@blp.response(201, MeetingSchema)
def create_meeting(data, pilot_id):
    """`number` unique in the pilot; `held_on` not later than a year from today."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    meeting = services.add_meeting(api_user(), pilot, data)
    db.session.commit()
    return meeting


@blp.route("/meetings/<int:meeting_id>")
@blp.response(200, MeetingSchema)
def get_meeting(meeting_id):
    return load_meeting_or_404(meeting_id, api_user(), "pilots.view")


@blp.route("/meetings/<int:meeting_id>", methods=["PATCH"])
@blp.arguments(MeetingPatch)
@blp.response(200, MeetingSchema)
def update_meeting(data, meeting_id):
    meeting = load_meeting_or_404(meeting_id, api_user(), "pilots.view")
    version = data.pop("version")
    services.update_meeting(api_user(), meeting, data, version)
    db.session.commit()
    return meeting


@blp.route("/meetings/<int:meeting_id>", methods=["DELETE"])
@blp.response(204)
def delete_meeting(meeting_id):
    """The protocol's file stays among the pilot's documents."""
    services.delete_meeting(api_user(), load_meeting_or_404(meeting_id, api_user(), "pilots.view"))
    db.session.commit()


@blp.route("/meetings/<int:meeting_id>/protocol", methods=["POST"])
@blp.doc(requestBody=PROTOCOL_BODY)
@blp.response(200, MeetingSchema)
def attach_protocol(meeting_id):
    """Multipart `file`: the signed protocol, kept as a pilot deliverable of kind `protocol`."""
    meeting = load_meeting_or_404(meeting_id, api_user(), "pilots.view")
    try:
        form = ProtocolForm().load(request.form.to_dict(), unknown=ma.EXCLUDE)
    except ma.ValidationError as exc:
        raise ValidationError(exc.messages) from None
    services.attach_protocol(api_user(), meeting, request.files.get("file"), form["version"])
    db.session.commit()
    return meeting
