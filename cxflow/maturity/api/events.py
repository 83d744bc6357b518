"""/api/v1: competence events of a region (API.md "Maturity")."""

from cxflow.core.api import api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.maturity.access import load_region_or_404
from cxflow.maturity.api.blueprint import blp
from cxflow.maturity.event_schemas import (
    CompetenceEventCreate,
    CompetenceEventListArgs,
    CompetenceEventSchema,
)
from cxflow.maturity.services import events


@blp.route("/regions/<int:region_id>/competence-events")
@blp.arguments(CompetenceEventListArgs, location="query")
@blp.response(200, list_schema(CompetenceEventSchema))
def list_events(args, region_id):
    """The region's competence events, newest first."""
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    return paginated(events.list_events(region), args["page"], args["per_page"])


@blp.route("/regions/<int:region_id>/competence-events", methods=["POST"])
@blp.arguments(CompetenceEventCreate)
@blp.response(201, CompetenceEventSchema)
def create_event(data, region_id):
    """Record a training, seminar, session or other event (maturity item 17 counts them)."""
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    event = events.create_event(api_user(), region, data)
    db.session.commit()
    return event
