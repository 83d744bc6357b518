"""The boards (HTML): overdue quick wins, the monitoring report, the maturity of regions, the
customer-centricity index of regions and of a region's offices."""

import json

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.core.paging import page_number
from cxflow.core.spreadsheets import xlsx_download
from cxflow.dashboards import services as overdue
from cxflow.dashboards.services import index_board
from cxflow.dashboards.services import maturity as maturity_board
from cxflow.dashboards.services.index_workbook import comparison_workbook, scores_workbook
from cxflow.dashboards.services.maturity_workbook import board_workbook
from cxflow.index.access import load_region_or_404
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


# --- the customer-centricity index (seed 002) ------------------------------------------------


def _on():
    """`?on=` as a date, or the errors naming it (the page is then shown with them, 422)."""
    try:
        return index_board.parse_on(request.args.get("on")), {}
    except ValidationError as exc:
        return None, exc.fields


def _own_region_board():
    """A regional role's board is its region's: the federal pages send it there."""
    query = {"on": request.args["on"]} if request.args.get("on") else {}
    return redirect(url_for("dashboards.index_region", region_id=current_user.region_id, **query))


@bp.route("/index/board")
def index_board_page():
    """The federal board: regions of the centralized and the decentralized networks in two
    tables, each with its period's total, change, offices and annulled offices, answers."""
    access.require(current_user, "index.view")
    if current_user.region_id:
        return _own_region_board()
    on, errors = _on()
    report = index_board.board(current_user, on)
    html = render_template(
        "dashboards/index_board.html", report=report, on=request.args.get("on", ""), errors=errors
    )
    return html, 422 if errors else 200


@bp.route("/index/comparison")
def index_comparison():
    """The comparison table of seed 002 §2.3 for the regions' periods on the board."""
    access.require(current_user, "index.view")
    if current_user.region_id:
        return _own_region_board()
    on, errors = _on()
    table = index_board.comparison(current_user, on)
    html = render_template(
        "dashboards/index_comparison.html",
        table=table,
        on=request.args.get("on", ""),
        errors=errors,
        states=index_board.STATES,
    )
    return html, 422 if errors else 200


@bp.route("/index/comparison.xlsx")
def index_comparison_xlsx():
    access.require(current_user, "index.view")
    table = index_board.comparison(current_user, index_board.parse_on(request.args.get("on")))
    return xlsx_download(comparison_workbook(table), "index-comparison.xlsx")


@bp.route("/index/scores.xlsx")
def index_scores_xlsx():
    """Office × indicator scores of the regions on the board (`region_code` narrows them)."""
    access.require(current_user, "index.view")
    on = index_board.parse_on(request.args.get("on"))
    report = index_board.board(current_user, on, request.args.get("region_code"))
    return xlsx_download(scores_workbook(report), "index-scores.xlsx")


@bp.route("/regions/<int:region_id>/index/board")
def index_region(region_id: int):
    """A region's board: its offices by total (annulled ones marked), its per-indicator
    scores, and a chart of one office against the region and its own previous period."""
    region = load_region_or_404(region_id, current_user, "index.view")
    on, errors = _on()
    row = index_board.region_board(region, on)
    ranked = row.ranked
    office_id = request.args.get("office", type=int)
    if row.office(office_id) is None and ranked:
        office_id = ranked[0].office.id
    labels = {
        "office": _("Office"),
        "region": _("Region (offices' mean)"),
        "previous": _("Office, previous period"),
    }
    lines = index_board.office_lines(row, office_id)
    previous = row.previous_office(office_id) if office_id else None
    chart = index_board.chart_data(lines, labels, previous is not None) if lines else None
    html = render_template(
        "dashboards/index_region.html",
        region=region,
        row=row,
        ranked=ranked,
        cells=index_board.indicator_cells(row),
        office=row.office(office_id),
        previous=previous,
        lines=lines,
        chart=json.dumps(chart, ensure_ascii=False) if chart else None,
        on=request.args.get("on", ""),
        errors=errors,
    )
    return html, 422 if errors else 200
