"""GET /api/v1/quick-wins (API.md): overdue quick wins and solutions in the caller's scope."""

import marshmallow as ma

from cxflow.api.base import Blueprint, Id, PageArgs, api_user, list_schema
from cxflow.solutions import overdue
from cxflow.solutions.models import Tier
from cxflow.solutions.overdue import TIERS

blp = Blueprint("quick_wins_api", __name__, url_prefix="/api/v1", description="quick wins")


class QuickWinArgs(PageArgs):
    overdue = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Only overdue ones (due before today in their region)"},
    )
    open = ma.fields.Boolean(
        load_default=False, metadata={"description": "Only open ones (not done or cancelled)"}
    )
    region_code = ma.fields.String(metadata={"description": "An unknown code matches nothing"})
    pilot_id = Id()
    owner = ma.fields.String(metadata={"description": "Part of the owner's name"})
    tier = ma.fields.String(
        load_default="quick_win",
        validate=ma.validate.OneOf(TIERS),
        metadata={"description": "quick_win (default), long_term, deferred, or any"},
    )


class QuickWinSchema(ma.Schema):
    id = ma.fields.Integer()
    region_code = ma.fields.String(attribute="pilot.region.code")
    pilot_id = ma.fields.Integer()
    pilot_title = ma.fields.String(attribute="pilot.title")
    stage = ma.fields.Function(
        lambda s: s.stage.title if s.stage else None,
        allow_none=True,
        metadata={"type": "string", "description": "The journey stage's title"},
    )
    solution = ma.fields.String()
    owner = ma.fields.String()
    owner_user_id = ma.fields.Integer(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    ongoing = ma.fields.Boolean()
    tier = ma.fields.String(metadata={"enum": [t.value for t in Tier]})
    status = ma.fields.String()
    days_overdue = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "Calendar days past the due date; null when not overdue"},
    )


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
