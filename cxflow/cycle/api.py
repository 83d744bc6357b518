"""/api/v1: the CX improvement cycle of a pilot (API.md "CX improvement cycle")."""

from cxflow.core.api import Blueprint, api_user
from cxflow.core.extensions import db
from cxflow.cycle import services
from cxflow.cycle.schemas import (
    CycleSchema,
    CycleTransitionArgs,
)
from cxflow.pilots.access import load_pilot_or_404

blp = Blueprint("cycle_api", __name__, url_prefix="/api/v1", description="The CX improvement cycle")


@blp.route("/pilots/<int:pilot_id>/cycle")
@blp.response(200, CycleSchema)
def cycle_state(pilot_id):
    """The stage, what may happen next, what blocks `advance`, and the history."""
    return services.state(load_pilot_or_404(pilot_id, api_user()))


@blp.route("/pilots/<int:pilot_id>/cycle/transitions", methods=["POST"])
@blp.arguments(CycleTransitionArgs)
@blp.response(200, CycleSchema)
def cycle_transition(args, pilot_id):
    """`advance` (blocked until the stage's requirements are met) or `step_back` (a
    `comment` with the reason is required); 409 with `blockers` when not possible."""
    pilot = load_pilot_or_404(pilot_id, api_user())
    services.fire(api_user(), pilot, args["event"], args["comment"], args["stage"])
    db.session.commit()
    return services.state(pilot)
