"""The JSON shapes of pilots and their documents (API.md "Pilots, roadmaps, checkpoints")."""

import marshmallow as ma

from cxflow.core import methodology
from cxflow.core.api import Id, PageArgs, Timestamp
from cxflow.pilots.models import DeliverableKind, Direction
from cxflow.pilots.services import PHASES

DIRECTIONS = ma.validate.OneOf([d.value for d in Direction])
KINDS = ma.validate.OneOf([k.value for k in DeliverableKind])


class DeliverableSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    activity_id = ma.fields.Integer(allow_none=True)
    kind = ma.fields.String()
    title = ma.fields.String()
    url = ma.fields.String(allow_none=True)
    original_name = ma.fields.String(allow_none=True)
    content_type = ma.fields.String(allow_none=True)
    size = ma.fields.Integer(allow_none=True)
    sha256 = ma.fields.String(allow_none=True)
    author_id = ma.fields.Integer(allow_none=True)
    created_at = Timestamp()


class PhaseSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(PHASES))
    start_date = ma.fields.Date(required=True)
    end_date = ma.fields.Date(required=True)


class PilotSchema(ma.Schema):
    id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    region_code = ma.fields.Function(lambda p: p.region.code)
    direction = ma.fields.String()
    title = ma.fields.String()
    template = ma.fields.String(attribute="template_key", allow_none=True)
    start_date = ma.fields.Date()
    end_date = ma.fields.Date(allow_none=True)
    target_group = ma.fields.String()
    service = ma.fields.String()
    order_number = ma.fields.String()
    order_date = ma.fields.Date(allow_none=True)
    stage = ma.fields.String()
    roadmap_status = ma.fields.String()
    phases = ma.fields.List(ma.fields.Nested(PhaseSchema))
    office_ids = ma.fields.Function(lambda p: [o.id for o in p.offices])
    version = ma.fields.Integer()


class PilotCreate(ma.Schema):
    region_id = Id(required=True)
    direction = ma.fields.String(required=True, validate=DIRECTIONS)
    title = ma.fields.String(required=True)
    template = ma.fields.String(
        load_default=None, validate=ma.validate.OneOf(sorted(methodology.documents("roadmaps")))
    )
    start_date = ma.fields.Date(required=True)
    end_date = ma.fields.Date(load_default=None)
    project_year = ma.fields.Integer(
        load_default=None,
        metadata={
            "description": "cx-system: the calendar year of the regional project that every "
            "checkpoint falls in (seed 004 §2); the start's year by default"
        },
    )
    optional_lines = ma.fields.Boolean(
        load_default=True,
        metadata={
            "description": "Include the programme's lines that the typical roadmap omits "
            "(seed 001 App. 1 items 1.2, 1.3, 1.4, 1.8; seed 002 App. 1 items 2–4)"
        },
    )


class PilotPatch(ma.Schema):
    title = ma.fields.String()
    target_group = ma.fields.String()
    service = ma.fields.String()
    end_date = ma.fields.Date(allow_none=True)
    order_number = ma.fields.String()
    order_date = ma.fields.Date(allow_none=True)
    results_remarks = ma.fields.String()
    results_effects = ma.fields.String()
    office_ids = ma.fields.List(Id())
    phases = ma.fields.List(ma.fields.Nested(PhaseSchema))
    version = Id(required=True)


class PilotFilter(PageArgs):
    region_code = ma.fields.String()
    direction = ma.fields.String(validate=DIRECTIONS)


class DeliverableIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=KINDS)
    title = ma.fields.String(load_default="")
    url = ma.fields.String(load_default=None)
