"""The JSON shapes of competence events (API.md "Maturity")."""

import marshmallow as ma

from cxflow.core.api import Id, PageArgs, Timestamp
from cxflow.maturity.models.events import EventKind


class CompetenceEventCreate(ma.Schema):
    held_on = ma.fields.Date(required=True)
    title = ma.fields.String(required=True, validate=ma.validate.Length(max=300))
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf([k.value for k in EventKind]))
    office_id = Id(load_default=None, allow_none=True)
    participants = ma.fields.Integer(
        load_default=None, allow_none=True, validate=ma.validate.Range(min=0, max=1_000_000)
    )


class CompetenceEventListArgs(PageArgs):
    pass


class CompetenceEventSchema(ma.Schema):
    id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    office_id = ma.fields.Integer(allow_none=True)
    office_name = ma.fields.Function(lambda e: e.office.name if e.office else None)
    held_on = ma.fields.Date()
    title = ma.fields.String()
    kind = ma.fields.Function(lambda e: e.kind.value)
    participants = ma.fields.Integer(allow_none=True)
    created_at = Timestamp()
