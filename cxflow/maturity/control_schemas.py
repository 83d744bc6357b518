"""The JSON shapes of the maturity matrix, the controls, the region's level and next steps
(API.md "Maturity")."""

import marshmallow as ma

from cxflow.core.api import Id, Timestamp
from cxflow.maturity.services.matrix import LEVELS, SCOPES
from cxflow.workflows import engine
from cxflow.workflows.definitions import MATURITY_CONTROL
from cxflow.workflows.schemas import TransitionRecordSchema

EVENTS = sorted({t["trigger"] for t in MATURITY_CONTROL.transitions})


class MatrixActivitySchema(ma.Schema):
    """An activity of seed 004 §1; a requirement is {state, threshold?, offices?, text, seed}."""

    number = ma.fields.String(metadata={"example": "14.1"})
    block = ma.fields.String()
    title = ma.fields.String()
    responsible = ma.fields.List(ma.fields.String())
    seed = ma.fields.String(metadata={"description": "Lines of seed 004 it comes from"})
    measure = ma.fields.String(allow_none=True)
    measured_scopes = ma.fields.Function(lambda a: sorted(a.measured_scopes))
    levels = ma.fields.Function(
        lambda a: {
            scope: {
                str(level): (r.as_dict() if (r := a.requirement(scope, level)) else None)
                for level in LEVELS
            }
            for scope in SCOPES
        },
        metadata={"description": 'levels.region / levels.office: "1".."4" → requirement | null'},
    )


class MatrixSchema(ma.Schema):
    key = ma.fields.String()
    version = ma.fields.Integer()
    title = ma.fields.String()
    blocks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    items = ma.fields.List(ma.fields.Nested(MatrixActivitySchema), attribute="activities")
    total = ma.fields.Function(lambda m: len(m.activities))


class MaturityMeasuredSchema(ma.Schema):
    measure = ma.fields.String()
    value = ma.fields.Raw()
    source = ma.fields.String()
    detail = ma.fields.Dict()


class MaturityControlSchema(ma.Schema):
    id = ma.fields.Function(lambda r: r.control.id if r.control else None)
    number = ma.fields.String()
    scope = ma.fields.String()
    office_id = ma.fields.Integer(allow_none=True)
    state = ma.fields.String()
    manual = ma.fields.Boolean(metadata={"description": "False: read from cxflow's data"})
    allowed_events = ma.fields.List(ma.fields.String())
    version = ma.fields.Integer(metadata={"description": "0 until the control first moves"})
    evidence_url = ma.fields.Function(lambda r: r.control.evidence_url if r.control else None)
    evidence_file = ma.fields.Function(lambda r: r.control.evidence_name if r.control else None)
    measured = ma.fields.Nested(MaturityMeasuredSchema, allow_none=True)


class MaturityMissingSchema(ma.Schema):
    number = ma.fields.String()
    scope = ma.fields.String()
    level = ma.fields.Integer()
    reason = ma.fields.String()


class MaturityNextLevelSchema(ma.Schema):
    level = ma.fields.Integer()
    missing = ma.fields.List(ma.fields.Nested(MaturityMissingSchema))


class MaturityLevelPeriodSchema(ma.Schema):
    level = ma.fields.Integer()
    reached_on = ma.fields.Date()
    lost_on = ma.fields.Date(allow_none=True)


class MaturitySchema(ma.Schema):
    region_id = ma.fields.Integer()
    level = ma.fields.Integer()
    matrix = ma.fields.String()
    controls = ma.fields.List(ma.fields.Nested(MaturityControlSchema))
    next_level = ma.fields.Nested(MaturityNextLevelSchema, allow_none=True)
    history = ma.fields.List(ma.fields.Nested(MaturityLevelPeriodSchema))


class ControlTransitionArgs(ma.Schema):
    event = ma.fields.String(required=True, validate=ma.validate.OneOf(EVENTS))
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    evidence_url = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    office_id = Id(load_default=None, allow_none=True)
    version = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(min=0),
        metadata={"description": "The version read (0 for a control never moved)"},
    )


class ControlOutSchema(ma.Schema):
    id = ma.fields.Integer()
    number = ma.fields.String()
    scope = ma.fields.String()
    office_id = ma.fields.Integer(allow_none=True)
    state = ma.fields.String(attribute="status")
    allowed_events = ma.fields.Function(lambda c: engine.allowed_events(MATURITY_CONTROL, c.status))
    version = ma.fields.Integer()
    evidence_url = ma.fields.String(allow_none=True)
    evidence_file = ma.fields.String(attribute="evidence_name", allow_none=True)
    history = ma.fields.Function(
        lambda c: TransitionRecordSchema(many=True).dump(engine.history(MATURITY_CONTROL, c.id))
    )


class NextStepsArgs(ma.Schema):
    activities = ma.fields.Raw(
        required=True,
        metadata={"type": "array", "items": {"type": "string"}, "example": ["11", "14.2"]},
    )


class NextStepSchema(ma.Schema):
    id = ma.fields.Integer()
    number = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.String(metadata={"description": "added | proposed (approved roadmap)"})
    pilot_id = ma.fields.Integer()
    activity_id = ma.fields.Integer(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    created_at = Timestamp()


class NextStepListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NextStepSchema))
    total = ma.fields.Integer()
