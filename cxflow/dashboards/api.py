"""GET /api/v1/quick-wins (API.md): overdue quick wins and solutions in the caller's scope."""

from cxflow.core.api import Blueprint, api_user, list_schema
from cxflow.dashboards import services as overdue
from cxflow.dashboards.schemas import (
    QuickWinArgs,
    QuickWinSchema,
)

blp = Blueprint("quick_wins_api", __name__, url_prefix="/api/v1", description="quick wins")


@blp.route("/quick-wins")
@blp.arguments(QuickWinArgs, location="query")
@blp.response(200, list_schema(QuickWinSchema))
def list_quick_wins(args):
    """Quick wins (or, with `tier`, other solutions) the caller may see. `overdue=true`: only
    those due before today in their region's time zone and neither done nor cancelled, most
    days overdue first (then by id); otherwise every status (`open=true`: not done/cancelled),
    by due date, undated last. Due today is not overdue. `days_overdue` counts calendar days
    and is null for a solution that is not overdue."""
    filters = overdue.check_filters(
        args.get("region_code"), args.get("pilot_id"), args.get("owner"), args["tier"]
    )
    show = "overdue" if args["overdue"] else "open" if args["open"] else "all"
    stmt = overdue.list_quick_wins(api_user(), show=show, filters=filters)
    page = overdue.fetch(stmt, args["page"], args["per_page"])
    return {"items": page.items, "total": page.total}
