"""The JSON shapes of the solutions API."""

import marshmallow as ma

from cxflow.core.api import Id, Timestamp
from cxflow.solutions import services
from cxflow.solutions.models import Tier
from cxflow.workflows import engine
from cxflow.workflows.definitions import SOLUTION
from cxflow.workflows.schemas import TransitionRecordSchema

TIERS = ma.validate.OneOf([t.value for t in Tier])


TEXT = ma.validate.Length(max=services.MAX_TEXT)


OWNER = ma.validate.Length(max=services.MAX_OWNER)


class SolutionFields(ma.Schema):
    pain_point_id = Id(allow_none=True)
    solution = ma.fields.String(validate=TEXT)
    planned_result = ma.fields.String(validate=TEXT)
    owner = ma.fields.String(validate=OWNER)
    owner_user_id = Id(allow_none=True, metadata={"description": "a user of the pilot's region"})
    window_start = ma.fields.Date(allow_none=True, metadata={"description": "for a window"})
    due_date = ma.fields.Date(allow_none=True)
    ongoing = ma.fields.Boolean(metadata={"description": "ongoing work: no due date needed"})
    quick_win = ma.fields.Boolean()
    tier = ma.fields.String(validate=TIERS, metadata={"description": "wins over `quick_win`"})


class SolutionCreate(SolutionFields):
    stage_id = Id(required=True)
    solution = ma.fields.String(required=True, validate=TEXT)
    planned_result = ma.fields.String(load_default="", validate=TEXT)
    owner = ma.fields.String(load_default="", validate=OWNER)
    ongoing = ma.fields.Boolean(load_default=False)
    quick_win = ma.fields.Boolean(load_default=False)


class SolutionPatch(SolutionFields):
    stage_id = Id()
    version = Id(required=True)


class TransitionIn(ma.Schema):
    event = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["start", "complete", "cancel", "reopen"])
    )
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))
    done_on = ma.fields.Date(
        allow_none=True, metadata={"description": "`complete`: the day of delivery (today)"}
    )
    version = Id(metadata={"description": "Optional: the version read; changed meanwhile is a 409"})


class EffectIn(ma.Schema):
    before_measurement_id = Id(allow_none=True)
    after_measurement_id = Id(allow_none=True)
    version = Id(required=True)


class MeasurementBrief(ma.Schema):
    id = ma.fields.Integer()
    metric = ma.fields.String()
    value = ma.fields.Float()
    sample_size = ma.fields.Integer()
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()


class EffectSchema(ma.Schema):
    before = ma.fields.Nested(MeasurementBrief, allow_none=True)
    after = ma.fields.Nested(MeasurementBrief, allow_none=True)
    verdict = ma.fields.String(
        metadata={"enum": ["not_measured", "not_comparable", "improved", "unchanged", "worse"]}
    )
    change = ma.fields.Float(
        allow_none=True, metadata={"description": "after − before, on the 0..1 score scale"}
    )
    effective = ma.fields.Boolean()


EFFECT = EffectSchema()  # one instance: building a schema per row dominated long maps


class SolutionSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    stage_id = ma.fields.Integer(allow_none=True)
    stage = ma.fields.Function(lambda s: s.stage.title if s.stage else None)
    pain_point_id = ma.fields.Integer(allow_none=True)
    pain_point = ma.fields.Function(lambda s: s.pain_point.description if s.pain_point else None)
    solution = ma.fields.String()
    planned_result = ma.fields.String()
    owner = ma.fields.String()
    owner_user_id = ma.fields.Integer(allow_none=True)
    window_start = ma.fields.Date(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    ongoing = ma.fields.Boolean()
    tier = ma.fields.Function(lambda s: s.tier.value)
    quick_win = ma.fields.Function(lambda s: s.tier == Tier.quick_win)
    status = ma.fields.String()
    done_on = ma.fields.Date(allow_none=True)
    allowed_events = ma.fields.Function(lambda s: engine.allowed_events(SOLUTION, s.status))
    effect = ma.fields.Function(lambda s: EFFECT.dump(services.effect(s)))
    effective = ma.fields.Function(services.is_effective)
    origin_id = ma.fields.Integer(allow_none=True)
    published = ma.fields.Boolean()
    version = ma.fields.Integer()
    created_at = Timestamp()
    updated_at = Timestamp()


class OverdueSolutionSchema(SolutionSchema):
    overdue = ma.fields.Boolean(metadata={"description": "due before today in the region"})


class SolutionMapSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(OverdueSolutionSchema))
    total = ma.fields.Integer()


class SolutionHistorySchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TransitionRecordSchema))
