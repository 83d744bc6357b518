"""/api/v1 endpoints of the journeys domain (API.md "CX improvement cycle"): journeys with
their stages, touchpoints and pain points, and the measurements taken at the stages."""

from cxflow.core.api import Blueprint, PageArgs, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.journeys.access import (
    load_journey_or_404,
    load_measurement_or_404,
    load_pain_point_or_404,
    load_stage_or_404,
    load_touchpoint_or_404,
)
from cxflow.journeys.schemas import (
    IndexedJourneySchema,
    IndexMeasurementIn,
    JourneyCreate,
    JourneyDetailSchema,
    JourneyIndexArgs,
    JourneyIndexSchema,
    JourneyPatch,
    JourneySchema,
    MeasurementIn,
    MeasurementList,
    MeasurementPatch,
    MeasurementSchema,
    PainPointIn,
    PainPointPatch,
    PainPointSchema,
    StageIn,
    StageMoveArgs,
    StagePatch,
    StageSchema,
    TouchpointIn,
    TouchpointPatch,
    TouchpointSchema,
    with_index,
)
from cxflow.journeys.services import (
    index_values,
    journeys,
    measurements,
    pain_points,
    stages,
    touchpoints,
)
from cxflow.pilots.access import load_pilot_or_404

blp = Blueprint("journeys_api", __name__, url_prefix="/api/v1", description="journeys")


# --- journeys -----------------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/journeys")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(JourneySchema))
def list_journeys(args, pilot_id):
    """The pilot's journeys with their numbers of stages and pain points."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    return paginated(journeys.list_journeys(api_user(), pilot), args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/journeys", methods=["POST"])
@blp.arguments(JourneyCreate)
@blp.response(201, JourneyDetailSchema)
def create_journey(data, pilot_id):
    """A journey with its stages, touchpoints and pain points; all saved or none (an error
    names its place, e.g. `stages.2.title`)."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    journey = journeys.create_journey(api_user(), pilot, data)
    db.session.commit()
    return journeys.load_map(load_journey_or_404(journey.id, api_user(), "pilots.view"))


@blp.route("/journeys/<int:journey_id>")
@blp.response(200, IndexedJourneySchema)
def get_journey(journey_id):
    """The journey map; each stage carries `index`, the values of its index topic for the
    pilot's offices in the region's latest index period (`GET …/index` for another)."""
    journey = journeys.load_map(load_journey_or_404(journey_id, api_user(), "pilots.view"))
    return with_index(journey, index_values.journey_index(api_user(), journey))


@blp.route("/journeys/<int:journey_id>/index")
@blp.arguments(JourneyIndexArgs, location="query")
@blp.response(200, JourneyIndexSchema)
def journey_index(args, journey_id):
    """The customer-centricity index on each stage: its topic (set or guessed from the title)
    and the values of the topic's indicators for the pilot's offices (the region's when the
    pilot names none) in the period `period_id` (default: the region's latest)."""
    journey = journeys.load_map(load_journey_or_404(journey_id, api_user(), "pilots.view"))
    return index_values.journey_index(api_user(), journey, args["period_id"])


@blp.route("/journeys/<int:journey_id>", methods=["PATCH"])
@blp.arguments(JourneyPatch)
@blp.response(200, JourneyDetailSchema)
def update_journey(data, journey_id):
    journey = load_journey_or_404(journey_id, api_user(), "pilots.view")
    version = data.pop("version")
    journeys.update_journey(api_user(), journey, data, version)
    db.session.commit()
    return journeys.load_map(load_journey_or_404(journey_id, api_user(), "pilots.view"))


@blp.route("/journeys/<int:journey_id>", methods=["DELETE"])
@blp.response(204)
def delete_journey(journey_id):
    journey = load_journey_or_404(journey_id, api_user(), "pilots.view")
    journeys.delete_journey(api_user(), journey)
    db.session.commit()


# --- stages -------------------------------------------------------------------------------------


@blp.route("/journeys/<int:journey_id>/stages", methods=["POST"])
@blp.arguments(StageIn)
@blp.response(201, StageSchema)
def create_stage(data, journey_id):
    """A stage at the end of the journey, with its touchpoints and pain points if given."""
    journey = load_journey_or_404(journey_id, api_user(), "pilots.view")
    stage = stages.add_stage(api_user(), journey, data)
    db.session.commit()
    return load_stage_or_404(stage.id, api_user(), "pilots.view")


@blp.route("/journey-stages/<int:stage_id>")
@blp.response(200, StageSchema)
def get_stage(stage_id):
    return load_stage_or_404(stage_id, api_user(), "pilots.view")


@blp.route("/journey-stages/<int:stage_id>", methods=["PATCH"])
@blp.arguments(StagePatch)
@blp.response(200, StageSchema)
def update_stage(data, stage_id):
    stage = load_stage_or_404(stage_id, api_user(), "pilots.view")
    version = data.pop("version")
    stages.update_stage(api_user(), stage, data, version)
    db.session.commit()
    return load_stage_or_404(stage_id, api_user(), "pilots.view")


@blp.route("/journey-stages/<int:stage_id>", methods=["DELETE"])
@blp.response(204)
def delete_stage(stage_id):
    """Delete a stage with its touchpoints, pain points and measurements; the rest are
    renumbered."""
    stages.delete_stage(api_user(), load_stage_or_404(stage_id, api_user(), "pilots.view"))
    db.session.commit()


@blp.route("/journey-stages/<int:stage_id>/move", methods=["POST"])
@blp.arguments(StageMoveArgs)
@blp.response(200, JourneyDetailSchema)
def move_stage(args, stage_id):
    """Swap the stage with the one above or below; answers the journey in its new order."""
    stage = load_stage_or_404(stage_id, api_user(), "pilots.view")
    stages.move_stage(api_user(), stage, args["direction"])
    db.session.commit()
    return journeys.load_map(load_journey_or_404(stage.journey_id, api_user(), "pilots.view"))


# --- touchpoints and pain points ----------------------------------------------------------------


@blp.route("/journey-stages/<int:stage_id>/touchpoints", methods=["POST"])
@blp.arguments(TouchpointIn)
@blp.response(201, TouchpointSchema)
def create_touchpoint(data, stage_id):
    stage = load_stage_or_404(stage_id, api_user(), "pilots.view")
    touchpoint = touchpoints.add_touchpoint(api_user(), stage, data)
    db.session.commit()
    return touchpoint


@blp.route("/touchpoints/<int:touchpoint_id>", methods=["PATCH"])
@blp.arguments(TouchpointPatch)
@blp.response(200, TouchpointSchema)
def update_touchpoint(data, touchpoint_id):
    version = data.pop("version")
    touchpoint = load_touchpoint_or_404(touchpoint_id, api_user(), "pilots.view")
    touchpoints.update_touchpoint(api_user(), touchpoint, data, version)
    db.session.commit()
    return touchpoint


@blp.route("/touchpoints/<int:touchpoint_id>", methods=["DELETE"])
@blp.response(204)
def delete_touchpoint(touchpoint_id):
    """Pain points and measurements at the touchpoint stay, at its stage as a whole."""
    touchpoint = load_touchpoint_or_404(touchpoint_id, api_user(), "pilots.view")
    touchpoints.delete_touchpoint(api_user(), touchpoint)
    db.session.commit()


@blp.route("/journey-stages/<int:stage_id>/pain-points", methods=["POST"])
@blp.arguments(PainPointIn)
@blp.response(201, PainPointSchema)
def create_pain_point(data, stage_id):
    stage = load_stage_or_404(stage_id, api_user(), "pilots.view")
    pain = pain_points.add_pain_point(api_user(), stage, data)
    db.session.commit()
    return pain


@blp.route("/pain-points/<int:pain_point_id>", methods=["PATCH"])
@blp.arguments(PainPointPatch)
@blp.response(200, PainPointSchema)
def update_pain_point(data, pain_point_id):
    version = data.pop("version")
    pain = load_pain_point_or_404(pain_point_id, api_user(), "pilots.view")
    pain_points.update_pain_point(api_user(), pain, data, version)
    db.session.commit()
    return pain


@blp.route("/pain-points/<int:pain_point_id>", methods=["DELETE"])
@blp.response(204)
def delete_pain_point(pain_point_id):
    pain = load_pain_point_or_404(pain_point_id, api_user(), "pilots.view")
    pain_points.delete_pain_point(api_user(), pain)
    db.session.commit()


# --- measurements -------------------------------------------------------------------------------


@blp.route("/journey-stages/<int:stage_id>/measurements", methods=["POST"])
@blp.arguments(MeasurementIn)
@blp.response(201, MeasurementSchema)
def create_measurement(data, stage_id):
    """A measurement at the stage (or one of its touchpoints), with its score and band."""
    stage = load_stage_or_404(stage_id, api_user(), "pilots.view")
    measurement = measurements.add_measurement(api_user(), stage, data)
    db.session.commit()
    return measurement


@blp.route("/journey-stages/<int:stage_id>/index-measurements", methods=["POST"])
@blp.arguments(IndexMeasurementIn)
@blp.response(201, MeasurementSchema)
def record_index_measurement(data, stage_id):
    """An indicator's positive share in an index period recorded as a measurement of the stage
    (questionnaire, share_satisfied in percent, n = the answers): 422 naming `indicator_key`
    when it is not on the stage's topic, has no survey part, is suspended, has too few answers
    or was recorded already; `period_id` of another region is a 422 too."""
    stage = load_stage_or_404(stage_id, api_user(), "pilots.view")
    measurement = index_values.record_measurement(
        api_user(), stage, data["period_id"], data["indicator_key"]
    )
    db.session.commit()
    return measurement


@blp.route("/journey-stages/<int:stage_id>/measurements")
@blp.response(200, MeasurementList)
def list_stage_measurements(stage_id):
    """The stage's measurements, latest first."""
    stage = load_stage_or_404(stage_id, api_user(), "pilots.view")
    items = measurements.stage_measurements(api_user(), stage)
    return {"items": items, "total": len(items)}


@blp.route("/pilots/<int:pilot_id>/measurements")
@blp.arguments(PageArgs, location="query")
@blp.response(200, MeasurementList)
def list_pilot_measurements(args, pilot_id):
    """Every measurement of the pilot, latest first."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    stmt = measurements.list_pilot_measurements(api_user(), pilot)
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/measurements/<int:measurement_id>")
@blp.response(200, MeasurementSchema)
def get_measurement(measurement_id):
    return load_measurement_or_404(measurement_id, api_user(), "pilots.view")


@blp.route("/measurements/<int:measurement_id>", methods=["PATCH"])
@blp.arguments(MeasurementPatch)
@blp.response(200, MeasurementSchema)
def update_measurement(data, measurement_id):
    measurement = load_measurement_or_404(measurement_id, api_user(), "pilots.view")
    version = data.pop("version")
    measurements.update_measurement(api_user(), measurement, data, version)
    db.session.commit()
    return measurement


@blp.route("/measurements/<int:measurement_id>", methods=["DELETE"])
@blp.response(204)
def delete_measurement(measurement_id):
    measurement = load_measurement_or_404(measurement_id, api_user(), "pilots.view")
    measurements.delete_measurement(api_user(), measurement)
    db.session.commit()
