"""/api/v1 endpoints of the knowledge bank: search, similar solutions of a pain point,
publishing a solution to every region, copying one into a solution map."""

from cxflow.bank import services as bank
from cxflow.bank.schemas import (
    BankItemSchema,
    BankListArgs,
    CopyIn,
    PublishIn,
    SimilarArgs,
)
from cxflow.core import access
from cxflow.core.api import Blueprint, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.journeys.models import PainPoint
from cxflow.pilots.access import load_pilot_or_404
from cxflow.solutions.access import load_solution_or_404

blp = Blueprint("bank_api", __name__, url_prefix="/api/v1", description="knowledge bank")


# --- input --------------------------------------------------------------------------------------


# --- output -------------------------------------------------------------------------------------


BankItemList = list_schema(BankItemSchema)


def _item(solution_id: int) -> bank.BankItem:
    return bank.items(api_user(), [bank.get_visible(api_user(), solution_id)])[0]


# --- endpoints ----------------------------------------------------------------------------------


@blp.route("/knowledge-bank")
@blp.arguments(BankListArgs, location="query")
@blp.response(200, BankItemList)
def search_bank(args):
    """Solutions of every region the user may see (their own regions' and the published
    ones), best matches of `q` first; filters by target group, service, stage, outcome
    (`effective`: delivered and the stage's measurement improved), region and tier."""
    stmt = bank.search(api_user(), bank.filters_from(args))
    result = paginated(stmt, args["page"], args["per_page"])
    return {"items": bank.items(api_user(), result["items"]), "total": result["total"]}


@blp.route("/pain-points/<int:pain_point_id>/similar")
@blp.arguments(SimilarArgs, location="query")
@blp.response(200, BankItemList)
def similar(args, pain_point_id):
    """Solutions of other regions (published, or all for federal roles) that share words
    with the pain point's description, most similar first."""
    pain_point = access.get_or_404(PainPoint, pain_point_id, api_user(), "pilots.view")
    found = bank.similar_to_pain_point(api_user(), pain_point, args["limit"])
    return {"items": found, "total": len(found)}


@blp.route("/solutions/<int:solution_id>/publish", methods=["POST"])
@blp.arguments(PublishIn)
@blp.response(200, BankItemSchema)
def publish(data, solution_id):
    """Publish a solution of the coordinator's region to every region's bank, or take it
    back (`published: false`)."""
    solution = load_solution_or_404(solution_id, api_user())
    bank.publish(api_user(), solution, data["published"], data["version"])
    db.session.commit()
    return _item(solution_id)


@blp.route("/solutions/<int:solution_id>/copy", methods=["POST"])
@blp.arguments(CopyIn)
@blp.response(201, BankItemSchema)
def copy(data, solution_id):
    """Copy a solution seen in the bank into a pilot's map (solution, planned result and
    tier; the stage, pain point, dates and owner are the new map's); `origin_id` names the
    source."""
    source = bank.get_visible(api_user(), solution_id)
    pilot = load_pilot_or_404(data["pilot_id"], api_user())
    solution = bank.copy_solution(api_user(), source, pilot, data)
    db.session.commit()
    return _item(solution.id)
