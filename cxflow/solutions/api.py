"""/api/v1 endpoints of solution maps (API.md "CX improvement cycle"): a pilot's solutions,
their lifecycle (`start`, `complete`, `cancel`, `reopen`) and effect monitoring."""

import marshmallow as ma

from cxflow.core import access
from cxflow.core.api import Blueprint, Id, Timestamp, api_user
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.solutions import services
from cxflow.solutions.models import Solution, Tier
from cxflow.workflows import engine
from cxflow.workflows.definitions import SOLUTION
from cxflow.workflows.schemas import TransitionRecordSchema

blp = Blueprint("solutions_api", __name__, url_prefix="/api/v1", description="solution maps")

TIERS = ma.validate.OneOf([t.value for t in Tier])
TEXT = ma.validate.Length(max=services.MAX_TEXT)
OWNER = ma.validate.Length(max=services.MAX_OWNER)


# --- input --------------------------------------------------------------------------------------


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


# --- output -------------------------------------------------------------------------------------


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


# --- endpoints ----------------------------------------------------------------------------------


def _get(solution_id: int) -> Solution:
    return access.get_or_404(Solution, solution_id, api_user(), "pilots.view")


@blp.route("/pilots/<int:pilot_id>/solutions")
@blp.response(200, SolutionMapSchema)
def list_solutions(pilot_id):
    """The pilot's solution map in journey and stage order, each row with `overdue`."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    rows = services.solution_map(api_user(), pilot)
    for solution, overdue in rows:
        solution.overdue = overdue
    return {"items": [s for s, _ in rows], "total": len(rows)}


@blp.route("/pilots/<int:pilot_id>/solutions", methods=["POST"])
@blp.arguments(SolutionCreate)
@blp.response(201, SolutionSchema)
def create_solution(data, pilot_id):
    """A row of the map: `stage_id` of one of the pilot's journeys, `pain_point_id` of that
    stage, a due date not before the pilot starts (or `ongoing`), `quick_win` or `tier`."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    solution = services.create_solution(api_user(), pilot, data)
    db.session.commit()
    return solution


@blp.route("/solutions/<int:solution_id>")
@blp.response(200, SolutionSchema)
def get_solution(solution_id):
    return _get(solution_id)


@blp.route("/solutions/<int:solution_id>", methods=["PATCH"])
@blp.arguments(SolutionPatch)
@blp.response(200, SolutionSchema)
def update_solution(data, solution_id):
    """Change any field; send the `version` you read (409 when someone saved meanwhile)."""
    solution = _get(solution_id)
    version = data.pop("version")
    services.update_solution(api_user(), solution, data, version)
    db.session.commit()
    return solution


@blp.route("/solutions/<int:solution_id>", methods=["DELETE"])
@blp.response(204)
def delete_solution(solution_id):
    services.delete_solution(api_user(), _get(solution_id))
    db.session.commit()


@blp.route("/solutions/<int:solution_id>/transitions", methods=["POST"])
@blp.arguments(TransitionIn)
@blp.response(200, SolutionSchema)
def transition(data, solution_id):
    """`start`, `complete` (records `done_on`), `cancel`, `reopen` (needs `comment`; drops
    the after-measurement of the undone delivery); 409 with `allowed_events` when the event
    is not possible in the current status, or when a `version` sent is not the current one."""
    solution = _get(solution_id)
    services.fire(
        api_user(),
        solution,
        data["event"],
        data["comment"],
        data.get("done_on"),
        version=data.get("version"),
    )
    db.session.commit()
    return solution


@blp.route("/solutions/<int:solution_id>/history")
@blp.response(200, SolutionHistorySchema)
def history(solution_id):
    return {"items": services.history(_get(solution_id))}


@blp.route("/solutions/<int:solution_id>/effect", methods=["PUT"])
@blp.arguments(EffectIn)
@blp.response(200, SolutionSchema)
def set_effect(data, solution_id):
    """Link the measurements of the solution's stage before and after it (same metric; the
    after one starts on or after `done_on`); `effect.verdict` says what changed."""
    solution = _get(solution_id)
    version = data.pop("version")
    services.link_measurements(api_user(), solution, data, version)
    db.session.commit()
    return solution
