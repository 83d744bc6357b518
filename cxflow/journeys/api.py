"""/api/v1 endpoints of the journeys domain (API.md "CX improvement cycle"): journeys with
their stages, touchpoints and pain points, and the measurements taken at the stages."""

from cxflow.core import access
from cxflow.core.api import Blueprint, PageArgs, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.journeys import services
from cxflow.journeys.models import (
    Journey,
    JourneyStage,
    Measurement,
    PainPoint,
    Touchpoint,
)
from cxflow.journeys.schemas import (
    JourneyCreate,
    JourneyDetailSchema,
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
    _get,
)
from cxflow.pilots.models import Pilot

blp = Blueprint("journeys_api", __name__, url_prefix="/api/v1", description="journeys")


def _journey(journey_id: int) -> Journey:
    return services.load_map(_get(Journey, journey_id))


def _stage(stage_id: int) -> JourneyStage:
    return _get(JourneyStage, stage_id)


# --- input --------------------------------------------------------------------------------------


# --- output -------------------------------------------------------------------------------------


# --- helpers ------------------------------------------------------------------------------------


# --- journeys -----------------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/journeys")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(JourneySchema))
def list_journeys(args, pilot_id):
    """The pilot's journeys with their numbers of stages and pain points."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    return paginated(services.list_journeys(api_user(), pilot), args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/journeys", methods=["POST"])
@blp.arguments(JourneyCreate)
@blp.response(201, JourneyDetailSchema)
def create_journey(data, pilot_id):
    """A journey with its stages, touchpoints and pain points; all saved or none (an error
    names its place, e.g. `stages.2.title`)."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    journey = services.create_journey(api_user(), pilot, data)
    db.session.commit()
    return _journey(journey.id)


@blp.route("/journeys/<int:journey_id>")
@blp.response(200, JourneyDetailSchema)
def get_journey(journey_id):
    return _journey(journey_id)


@blp.route("/journeys/<int:journey_id>", methods=["PATCH"])
@blp.arguments(JourneyPatch)
@blp.response(200, JourneyDetailSchema)
def update_journey(data, journey_id):
    journey = _get(Journey, journey_id)
    version = data.pop("version")
    services.update_journey(api_user(), journey, data, version)
    db.session.commit()
    return _journey(journey_id)


@blp.route("/journeys/<int:journey_id>", methods=["DELETE"])
@blp.response(204)
def delete_journey(journey_id):
    services.delete_journey(api_user(), _get(Journey, journey_id))
    db.session.commit()


# --- stages -------------------------------------------------------------------------------------


@blp.route("/journeys/<int:journey_id>/stages", methods=["POST"])
@blp.arguments(StageIn)
@blp.response(201, StageSchema)
def create_stage(data, journey_id):
    """A stage at the end of the journey, with its touchpoints and pain points if given."""
    stage = services.add_stage(api_user(), _get(Journey, journey_id), data)
    db.session.commit()
    return _stage(stage.id)


@blp.route("/journey-stages/<int:stage_id>")
@blp.response(200, StageSchema)
def get_stage(stage_id):
    return _stage(stage_id)


@blp.route("/journey-stages/<int:stage_id>", methods=["PATCH"])
@blp.arguments(StagePatch)
@blp.response(200, StageSchema)
def update_stage(data, stage_id):
    stage = _stage(stage_id)
    version = data.pop("version")
    services.update_stage(api_user(), stage, data, version)
    db.session.commit()
    return _stage(stage_id)


@blp.route("/journey-stages/<int:stage_id>", methods=["DELETE"])
@blp.response(204)
def delete_stage(stage_id):
    """Delete a stage with its touchpoints, pain points and measurements; the rest are
    renumbered."""
    services.delete_stage(api_user(), _stage(stage_id))
    db.session.commit()


@blp.route("/journey-stages/<int:stage_id>/move", methods=["POST"])
@blp.arguments(StageMoveArgs)
@blp.response(200, JourneyDetailSchema)
def move_stage(args, stage_id):
    """Swap the stage with the one above or below; answers the journey in its new order."""
    stage = _stage(stage_id)
    services.move_stage(api_user(), stage, args["direction"])
    db.session.commit()
    return _journey(stage.journey_id)


# --- touchpoints and pain points ----------------------------------------------------------------


@blp.route("/journey-stages/<int:stage_id>/touchpoints", methods=["POST"])
@blp.arguments(TouchpointIn)
@blp.response(201, TouchpointSchema)
def create_touchpoint(data, stage_id):
    touchpoint = services.add_touchpoint(api_user(), _stage(stage_id), data)
    db.session.commit()
    return touchpoint


@blp.route("/touchpoints/<int:touchpoint_id>", methods=["PATCH"])
@blp.arguments(TouchpointPatch)
@blp.response(200, TouchpointSchema)
def update_touchpoint(data, touchpoint_id):
    version = data.pop("version")
    touchpoint = services.update_touchpoint(
        api_user(), _get(Touchpoint, touchpoint_id), data, version
    )
    db.session.commit()
    return touchpoint


@blp.route("/touchpoints/<int:touchpoint_id>", methods=["DELETE"])
@blp.response(204)
def delete_touchpoint(touchpoint_id):
    """Pain points and measurements at the touchpoint stay, at its stage as a whole."""
    services.delete_touchpoint(api_user(), _get(Touchpoint, touchpoint_id))
    db.session.commit()


@blp.route("/journey-stages/<int:stage_id>/pain-points", methods=["POST"])
@blp.arguments(PainPointIn)
@blp.response(201, PainPointSchema)
def create_pain_point(data, stage_id):
    pain = services.add_pain_point(api_user(), _stage(stage_id), data)
    db.session.commit()
    return pain


@blp.route("/pain-points/<int:pain_point_id>", methods=["PATCH"])
@blp.arguments(PainPointPatch)
@blp.response(200, PainPointSchema)
def update_pain_point(data, pain_point_id):
    version = data.pop("version")
    pain = services.update_pain_point(api_user(), _get(PainPoint, pain_point_id), data, version)
    db.session.commit()
    return pain


@blp.route("/pain-points/<int:pain_point_id>", methods=["DELETE"])
@blp.response(204)
def delete_pain_point(pain_point_id):
    services.delete_pain_point(api_user(), _get(PainPoint, pain_point_id))
    db.session.commit()


# --- measurements -------------------------------------------------------------------------------


@blp.route("/journey-stages/<int:stage_id>/measurements", methods=["POST"])
@blp.arguments(MeasurementIn)
@blp.response(201, MeasurementSchema)
def create_measurement(data, stage_id):
    """A measurement at the stage (or one of its touchpoints), with its score and band."""
    measurement = services.add_measurement(api_user(), _stage(stage_id), data)
    db.session.commit()
    return measurement


@blp.route("/journey-stages/<int:stage_id>/measurements")
@blp.response(200, MeasurementList)
def list_stage_measurements(stage_id):
    """The stage's measurements, latest first."""
    items = services.stage_measurements(api_user(), _stage(stage_id))
    return {"items": items, "total": len(items)}


@blp.route("/pilots/<int:pilot_id>/measurements")
@blp.arguments(PageArgs, location="query")
@blp.response(200, MeasurementList)
def list_pilot_measurements(args, pilot_id):
    """Every measurement of the pilot, latest first."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    stmt = services.list_pilot_measurements(api_user(), pilot)
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/measurements/<int:measurement_id>")
@blp.response(200, MeasurementSchema)
def get_measurement(measurement_id):
    return _get(Measurement, measurement_id)


@blp.route("/measurements/<int:measurement_id>", methods=["PATCH"])
@blp.arguments(MeasurementPatch)
@blp.response(200, MeasurementSchema)
def update_measurement(data, measurement_id):
    measurement = _get(Measurement, measurement_id)
    version = data.pop("version")
    services.update_measurement(api_user(), measurement, data, version)
    db.session.commit()
    return measurement


@blp.route("/measurements/<int:measurement_id>", methods=["DELETE"])
@blp.response(204)
def delete_measurement(measurement_id):
    services.delete_measurement(api_user(), _get(Measurement, measurement_id))
    db.session.commit()
