"""/api/v1 endpoints of solution maps (API.md "CX improvement cycle"): a pilot's solutions,
their lifecycle (`start`, `complete`, `cancel`, `reopen`) and effect monitoring."""

from cxflow.core.api import Blueprint, api_user
from cxflow.core.extensions import db
from cxflow.pilots.access import load_pilot_or_404
from cxflow.solutions import services
from cxflow.solutions.access import load_solution_or_404
from cxflow.solutions.schemas import (
    EffectIn,
    SolutionCreate,
    SolutionHistorySchema,
    SolutionMapSchema,
    SolutionPatch,
    SolutionSchema,
    TransitionIn,
)

blp = Blueprint("solutions_api", __name__, url_prefix="/api/v1", description="solution maps")


# --- input --------------------------------------------------------------------------------------


# --- output -------------------------------------------------------------------------------------


# --- endpoints ----------------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/solutions")
@blp.response(200, SolutionMapSchema)
def list_solutions(pilot_id):
    """The pilot's solution map in journey and stage order, each row with `overdue`."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
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
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    solution = services.create_solution(api_user(), pilot, data)
    db.session.commit()
    return solution


@blp.route("/solutions/<int:solution_id>")
@blp.response(200, SolutionSchema)
def get_solution(solution_id):
    return load_solution_or_404(solution_id, api_user(), "pilots.view")


@blp.route("/solutions/<int:solution_id>", methods=["PATCH"])
@blp.arguments(SolutionPatch)
@blp.response(200, SolutionSchema)
def update_solution(data, solution_id):
    """Change any field; send the `version` you read (409 when someone saved meanwhile)."""
    solution = load_solution_or_404(solution_id, api_user(), "pilots.view")
    version = data.pop("version")
    services.update_solution(api_user(), solution, data, version)
    db.session.commit()
    return solution


@blp.route("/solutions/<int:solution_id>", methods=["DELETE"])
@blp.response(204)
def delete_solution(solution_id):
    solution = load_solution_or_404(solution_id, api_user(), "pilots.view")
    services.delete_solution(api_user(), solution)
    db.session.commit()


@blp.route("/solutions/<int:solution_id>/transitions", methods=["POST"])
@blp.arguments(TransitionIn)
@blp.response(200, SolutionSchema)
def transition(data, solution_id):
    """`start`, `complete` (records `done_on`), `cancel`, `reopen` (needs `comment`; drops
    the after-measurement of the undone delivery); 409 with `allowed_events` when the event
    is not possible in the current status, or when a `version` sent is not the current one."""
    solution = load_solution_or_404(solution_id, api_user(), "pilots.view")
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
    solution = load_solution_or_404(solution_id, api_user(), "pilots.view")
    return {"items": services.history(solution)}


@blp.route("/solutions/<int:solution_id>/effect", methods=["PUT"])
@blp.arguments(EffectIn)
@blp.response(200, SolutionSchema)
def set_effect(data, solution_id):
    """Link the measurements of the solution's stage before and after it (same metric; the
    after one starts on or after `done_on`); `effect.verdict` says what changed."""
    solution = load_solution_or_404(solution_id, api_user(), "pilots.view")
    version = data.pop("version")
    services.link_measurements(api_user(), solution, data, version)
    db.session.commit()
    return solution
