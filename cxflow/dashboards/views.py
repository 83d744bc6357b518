"""The boards (HTML): overdue quick wins, the monitoring report, the maturity of regions."""

import json

from flask import Blueprint, render_template, request
from flask_login import current_user

from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.core.paging import page_number
from cxflow.core.spreadsheets import xlsx_download
from cxflow.dashboards import services as overdue
from cxflow.dashboards.services import maturity as maturity_board
from cxflow.dashboards.services.maturity_workbook import board_workbook
from cxflow.pilots.models import DIRECTION_TITLES
from cxflow.roadmaps import reports
from cxflow.solutions.models import TIER_TITLES

bp = Blueprint("dashboards", __name__)

PER_PAGE = 50


@bp.route("/quick-wins")
def quick_wins():
    """Overdue quick wins (or, with the filters, every open one / other tiers) per region."""
    access.require(current_user, "pilots.view")
    args = {k: request.args.get(k, "") for k in ("region_code", "pilot_id", "owner", "tier")}
    show = "open" if request.args.get("show") == "open" else "overdue"
    errors: dict = {}
    page, counts = overdue.Page([], 0, 1, PER_PAGE), []
    try:
        filters = overdue.check_filters(**args)
    except ValidationError as exc:
        errors = exc.fields
    else:
        today = overdue.today_expr()  # the same dates for the list and the counts
        stmt = overdue.list_quick_wins(current_user, show=show, filters=filters, today=today)
        page = overdue.fetch(stmt, page_number(), PER_PAGE)
        counts = overdue.counts_by_region(current_user, filters=filters, today=today)
    query = {k: v for k, v in args.items() if v} | ({"show": show} if show == "open" else {})
    html = render_template(
        "dashboards/quick_wins.html",
        page=page,
        counts=counts,
        args=args,
        show=show,
        query=query,
        errors=errors,
        regions=overdue.region_choices(current_user),
        pilots=overdue.pilot_choices(current_user),
        tiers=[(t.value, title) for t, title in TIER_TITLES.items()],
        tier_titles=TIER_TITLES,
    )
    return html, 422 if errors else 200


@bp.route("/reports/monitoring")
def monitoring():
    direction = request.args.get("direction") or "journey"
    report = reports.monitoring_report(current_user, direction)
    return render_template(
        "dashboards/monitoring.html",
        report=report,
        direction=direction,
        directions=DIRECTION_TITLES,
    )


@bp.route("/reports/maturity")
def maturity():
    """The federal maturity board: regions compared by level, score and blocks."""
    sort = request.args.get("sort") or "region"
    report = maturity_board.board(current_user, sort)
    radar = maturity_board.radar_data(report)
    return render_template(
        "dashboards/maturity.html",
        report=report,
        sort=sort,
        radar=json.dumps(radar, ensure_ascii=False),
        radar_regions=len(radar["datasets"]),
    )


@bp.route("/reports/maturity.xlsx")
def maturity_xlsx():
    report = maturity_board.board(current_user, request.args.get("sort") or "region")
    return xlsx_download(board_workbook(report), "maturity-board.xlsx")
