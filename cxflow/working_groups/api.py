"""/api/v1 endpoints of the working groups domain (API.md "CX improvement cycle"): members,
meetings, the signed protocol's file and the meeting-cadence warnings."""

import marshmallow as ma
from flask import request, url_for

from cxflow.core import access
from cxflow.core.api import Blueprint, Id, PageArgs, Timestamp, api_user, list_schema, paginated
from cxflow.core.clock import region_today
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.working_groups import services
from cxflow.working_groups.models import Meeting, Member

blp = Blueprint("working_groups_api", __name__, url_prefix="/api/v1", description="working groups")

NUMBER = ma.validate.Range(min=1, max=services.MAX_MEETING_NUMBER)


def _text(limit: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(max=limit), **kwargs)


class MemberSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    full_name = ma.fields.String()
    position = ma.fields.String()
    organisation = ma.fields.String()
    role = ma.fields.String(metadata={"description": "Role in the working group"})
    is_leader = ma.fields.Boolean()
    is_target_group_representative = ma.fields.Boolean()
    phone = ma.fields.String()
    email = ma.fields.String()
    user_id = ma.fields.Integer(allow_none=True)
    version = ma.fields.Integer()


class ProtocolFileSchema(ma.Schema):
    """The signed protocol: a pilot deliverable of kind "protocol"."""

    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    kind = ma.fields.String()
    title = ma.fields.String()
    url = ma.fields.String(allow_none=True)
    original_name = ma.fields.String(allow_none=True)
    content_type = ma.fields.String(allow_none=True)
    size = ma.fields.Integer(allow_none=True)
    sha256 = ma.fields.String(allow_none=True)
    author_id = ma.fields.Integer(allow_none=True)
    created_at = Timestamp()
    download_url = ma.fields.Function(
        lambda d: url_for("pilots.download_deliverable", deliverable_id=d.id),
        metadata={"description": "The file (signed-in page session)"},
    )


class MeetingSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    number = ma.fields.Integer()
    held_on = ma.fields.Date()
    protocol = ma.fields.String()
    decisions = ma.fields.String()
    deliverable_id = ma.fields.Integer(
        allow_none=True, metadata={"description": "The signed protocol's file (a deliverable)"}
    )
    deliverable = ma.fields.Nested(ProtocolFileSchema, allow_none=True)
    version = ma.fields.Integer()


class WorkingGroupSchema(ma.Schema):
    members = ma.fields.List(ma.fields.Nested(MemberSchema))
    meetings = ma.fields.List(ma.fields.Nested(MeetingSchema))
    warnings = ma.fields.List(
        ma.fields.String(),
        metadata={"description": "Meeting cadence: gaps longer than 21 days (seed 001 §1.6)"},
    )


MEMBER_LIMITS = services.MEMBER_TEXT


class MemberPatch(ma.Schema):
    full_name = _text(MEMBER_LIMITS["full_name"])
    position = _text(MEMBER_LIMITS["position"])
    organisation = _text(MEMBER_LIMITS["organisation"])
    role = _text(MEMBER_LIMITS["role"])
    phone = _text(MEMBER_LIMITS["phone"])
    email = _text(MEMBER_LIMITS["email"], metadata={"description": "Validated when not empty"})
    is_leader = ma.fields.Boolean(
        metadata={"description": "Marking a member leader clears the mark on the others"}
    )
    is_target_group_representative = ma.fields.Boolean()
    user_id = Id(allow_none=True, metadata={"description": "A user of the pilot's region"})
    version = Id(required=True, metadata={"description": "The version read; stale: 409"})


class MemberCreate(ma.Schema):
    full_name = _text(MEMBER_LIMITS["full_name"], required=True)
    position = _text(MEMBER_LIMITS["position"], load_default="")
    organisation = _text(MEMBER_LIMITS["organisation"], load_default="")
    role = _text(MEMBER_LIMITS["role"], load_default="")
    phone = _text(MEMBER_LIMITS["phone"], load_default="")
    email = _text(MEMBER_LIMITS["email"], load_default="")
    is_leader = ma.fields.Boolean(load_default=False)
    is_target_group_representative = ma.fields.Boolean(load_default=False)
    user_id = Id(load_default=None, allow_none=True)


class MeetingCreate(ma.Schema):
    number = ma.fields.Integer(required=True, strict=True, validate=NUMBER)
    held_on = ma.fields.Date(required=True)
    protocol = _text(services.MAX_TEXT, required=True)
    decisions = _text(services.MAX_TEXT, load_default="")


class MeetingPatch(ma.Schema):
    number = ma.fields.Integer(strict=True, validate=NUMBER)
    held_on = ma.fields.Date()
    protocol = _text(services.MAX_TEXT)
    decisions = _text(services.MAX_TEXT)
    version = Id(required=True, metadata={"description": "The version read; stale: 409"})


class ProtocolForm(ma.Schema):
    version = Id(load_default=None)


PROTOCOL_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "version": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Optional: the version read; stale: 409",
                    },
                },
            }
        }
    }
}


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
