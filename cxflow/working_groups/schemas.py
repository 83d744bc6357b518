"""The JSON shapes of the working groups API."""

import marshmallow as ma
from flask import url_for

from cxflow.core.api import Id, Timestamp
from cxflow.working_groups import services

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
    approves_roadmap = ma.fields.Boolean(
        metadata={"description": "Its protocol approved the roadmap (seed 001 App. 1 item 1.4)"}
    )
    deliverable_id = ma.fields.Integer(
        allow_none=True, metadata={"description": "The signed protocol's file (a deliverable)"}
    )
    deliverable = ma.fields.Nested(ProtocolFileSchema, allow_none=True)
    version = ma.fields.Integer()


class CadenceSchema(ma.Schema):
    days = ma.fields.Integer()
    source = ma.fields.String()
    starts_on = ma.fields.Date(
        allow_none=True,
        metadata={
            "description": "cxflow's reading: the earlier of the day the working group was "
            "formed (the pilot's order date, or the CX cycle leaving its working-group stage) "
            "and the main phase's start"
        },
    )
    formed_on = ma.fields.Date(allow_none=True)
    main_phase_on = ma.fields.Date(allow_none=True)


class WorkingGroupSchema(ma.Schema):
    members = ma.fields.List(ma.fields.Nested(MemberSchema))
    meetings = ma.fields.List(ma.fields.Nested(MeetingSchema))
    warnings = ma.fields.List(
        ma.fields.String(),
        metadata={"description": "Meeting cadence: gaps longer than 21 days (seed 001 §1.6)"},
    )
    cadence = ma.fields.Nested(
        CadenceSchema,
        allow_none=True,
        metadata={"description": "The direction's meeting cadence; null: its seed sets none"},
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
    approves_roadmap = ma.fields.Boolean(load_default=False)


class MeetingPatch(ma.Schema):
    number = ma.fields.Integer(strict=True, validate=NUMBER)
    held_on = ma.fields.Date()
    protocol = _text(services.MAX_TEXT)
    decisions = _text(services.MAX_TEXT)
    approves_roadmap = ma.fields.Boolean()
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
