"""The JSON shapes of roadmap templates, lines, approval and the monitoring report."""

import marshmallow as ma

from cxflow.core.api import Id
from cxflow.pilots.schemas import DIRECTIONS, KINDS
from cxflow.roadmaps.models import ActivityKind
from cxflow.workflows.schemas import HistorySchema


class TemplateItemSchema(ma.Schema):
    number = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String()
    responsible = ma.fields.String()
    result = ma.fields.String()
    deliverable_kind = ma.fields.String(allow_none=True)
    start = ma.fields.Date(allow_none=True)
    due = ma.fields.Date(allow_none=True)
    due_day = ma.fields.Function(lambda i: "{:02d}-{:02d}".format(*i.due_day) if i.due_day else "")
    ongoing = ma.fields.Boolean()


class TemplateSchema(ma.Schema):
    key = ma.fields.String()
    title = ma.fields.String()
    direction = ma.fields.String()
    source = ma.fields.String()
    reference_start = ma.fields.Date(allow_none=True)
    items = ma.fields.List(ma.fields.Nested(TemplateItemSchema))


class ActivitySchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    parent_id = ma.fields.Integer(allow_none=True)
    number = ma.fields.String()
    kind = ma.fields.String()
    title = ma.fields.String()
    start_date = ma.fields.Date(allow_none=True)
    duration_working_days = ma.fields.Integer(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    ongoing = ma.fields.Boolean()
    status = ma.fields.String()
    overdue = ma.fields.Boolean()
    completed_on = ma.fields.Date(allow_none=True)
    responsible = ma.fields.String()
    responsible_user_id = ma.fields.Integer(allow_none=True)
    result = ma.fields.String()
    deliverable_kind = ma.fields.String(allow_none=True)
    note = ma.fields.String()
    version = ma.fields.Integer()


class ActivityCreate(ma.Schema):
    title = ma.fields.String(required=True)
    kind = ma.fields.String(
        load_default="activity", validate=ma.validate.OneOf([k.value for k in ActivityKind])
    )
    parent_id = Id(load_default=None, allow_none=True)
    start_date = ma.fields.Date(load_default=None)
    duration_working_days = ma.fields.Integer(
        load_default=None, validate=ma.validate.Range(min=1, max=2000)
    )
    due_date = ma.fields.Date(load_default=None)
    responsible = ma.fields.String(load_default="")
    result = ma.fields.String(load_default="")
    deliverable_kind = ma.fields.String(load_default=None, validate=KINDS)


class ActivityPatch(ma.Schema):
    title = ma.fields.String()
    start_date = ma.fields.Date(allow_none=True)
    duration_working_days = ma.fields.Integer(
        allow_none=True, validate=ma.validate.Range(min=1, max=2000)
    )
    due_date = ma.fields.Date(allow_none=True)
    responsible = ma.fields.String()
    responsible_user_id = Id(allow_none=True)
    result = ma.fields.String()
    note = ma.fields.String()
    deliverable_kind = ma.fields.String(allow_none=True, validate=KINDS)
    version = Id(required=True)


class MoveArgs(ma.Schema):
    how = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["up", "down", "indent", "outdent"])
    )


class RoadmapStateSchema(ma.Schema):
    status = ma.fields.String()
    allowed_events = ma.fields.List(ma.fields.String())
    blockers = ma.fields.List(ma.fields.String())
    history = ma.fields.List(ma.fields.Nested(HistorySchema))


class MonitoringSchema(ma.Schema):
    direction = ma.fields.String(allow_none=True)
    template = ma.fields.String(allow_none=True)
    regions = ma.fields.List(ma.fields.Dict())
    rows = ma.fields.List(ma.fields.Dict())


class MonitoringArgs(ma.Schema):
    direction = ma.fields.String(load_default=None, validate=DIRECTIONS)
