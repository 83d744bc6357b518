"""The JSON shapes of the cycle API."""

import marshmallow as ma

from cxflow.workflows.definitions import CYCLE_STAGES
from cxflow.workflows.schemas import HistorySchema, TransitionArgs


class RequirementSchema(ma.Schema):
    text = ma.fields.Function(lambda r: str(r.text))
    met = ma.fields.Boolean()


class CycleSchema(ma.Schema):
    pilot_id = ma.fields.Integer()
    stage = ma.fields.String()
    version = ma.fields.Integer()
    allowed_events = ma.fields.List(ma.fields.String())
    blockers = ma.fields.List(
        ma.fields.String(),
        metadata={"description": "What `advance` still needs, in the user's language"},
    )
    checklist = ma.fields.List(
        ma.fields.Nested(RequirementSchema),
        metadata={"description": "Every requirement of the current stage, met or not"},
    )
    history = ma.fields.List(ma.fields.Nested(HistorySchema))


class CycleTransitionArgs(TransitionArgs):
    stage = ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(CYCLE_STAGES),
        metadata={"description": "The stage the caller saw; a different current stage is a 409"},
    )
