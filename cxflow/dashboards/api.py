"""/api/v1 of the boards (API.md): overdue quick wins and solutions in the caller's scope;
the customer-centricity index of regions, a region's index and their workbooks."""

from cxflow.core.api import Blueprint, api_user, list_schema
from cxflow.core.spreadsheets import xlsx_download
from cxflow.dashboards import services as overdue
from cxflow.dashboards.schemas import (
    XLSX_COMPARISON,
    XLSX_SCORES,
    BoardArgs,
    BoardSchema,
    QuickWinArgs,
    QuickWinSchema,
    RegionIndexArgs,
    RegionIndexSchema,
    ScoresArgs,
)
from cxflow.dashboards.services import index_board
from cxflow.dashboards.services.index_workbook import comparison_workbook, scores_workbook
from cxflow.index.access import load_region_or_404

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


# --- the customer-centricity index boards (API.md "Customer-centricity index") ---------------

index_blp = Blueprint(
    "index_boards_api",
    __name__,
    url_prefix="/api/v1",
    description="Customer-centricity index boards and exports (seed 002)",
)


@index_blp.route("/index/board")
@index_blp.arguments(BoardArgs, location="query")
@index_blp.response(200, BoardSchema)
def index_board_json(args):
    """The regions the caller may see, centralized and decentralized networks apart, by
    code: each with its period (the one containing `on`, else its latest), total, change
    against its previous period, offices counted, annulled offices and answers."""
    report = index_board.board(api_user(), args["on"])
    return {
        "on": report.on,
        "networks": {network.value: rows for network, rows in report.networks},
    }


@index_blp.route("/regions/<int:region_id>/index")
@index_blp.arguments(RegionIndexArgs, location="query")
@index_blp.response(200, RegionIndexSchema)
def region_index_json(args, region_id):
    """The region's index for a period: its offices' totals (highest first, annulled ones
    with their reason), the indicators (the offices' mean, or the regional value), the
    indicators assessed once per region, the total and the change against the previous
    period. `period` is null when the region has no period and no dates are given."""
    region = load_region_or_404(region_id, api_user(), "index.view")
    return index_board.region_index(region, args["start"], args["end"])


@index_blp.route("/index/scores.xlsx")
@index_blp.arguments(ScoresArgs, location="query")
@index_blp.doc(responses={"200": XLSX_SCORES})
def index_scores_xlsx(args):
    """Office × indicator scores of the regions' periods on the board (`on` as there),
    `region_code` narrowing them; each region's managing-office indicators once."""
    report = index_board.board(api_user(), args["on"], args.get("region_code"))
    return xlsx_download(scores_workbook(report), "index-scores.xlsx")


@index_blp.route("/index/comparison.xlsx")
@index_blp.arguments(BoardArgs, location="query")
@index_blp.doc(responses={"200": XLSX_COMPARISON})
def index_comparison_xlsx(args):
    """The comparison table of seed 002 §2.3 for the regions' periods on the board."""
    table = index_board.comparison(api_user(), args["on"])
    return xlsx_download(comparison_workbook(table), "index-comparison.xlsx")
