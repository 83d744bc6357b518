"""Survey statistics pages for staff (issue #15): an office's answers per day (a chart and
the same numbers as a table), a region's offices side by side, and the landing page."""

import json

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.index.access import load_office_or_404, load_region_or_404
from cxflow.index.services import stats
from cxflow.index.views.blueprint import bp


def _period(today):
    """The period of the query string, or the form errors naming `from` / `to`."""
    try:
        return stats.parse_period(request.args.get("from"), request.args.get("to"), today=today), {}
    except ValidationError as exc:
        return None, exc.fields


def _args() -> dict:
    """The period as typed, for the form and the sort links."""
    return {k: request.args.get(k, "") for k in ("from", "to")}


def _page(template: str, errors: dict, **context):
    args = _args()
    query = {k: v for k, v in args.items() if v}  # kept by the sort and office links
    html = render_template(template, errors=errors, args=args, query=query, **context)
    return html, 422 if errors else 200


@bp.route("/surveys")
def surveys():
    """Regional staff go to their region's page; federal roles see every region."""
    access.require(current_user, "surveys.view")
    if current_user.region_id:
        return redirect(url_for("index.region_surveys", region_id=current_user.region_id))
    period, errors = _period(stats.federal_today())
    rows = stats.regions_stats(current_user, period) if period else []
    return _page("index/stats/regions.html", errors, period=period, rows=rows)


@bp.route("/regions/<int:region_id>/surveys")
def region_surveys(region_id: int):
    """Every office of the region with its counts, sortable by column (`?sort=`)."""
    region = load_region_or_404(region_id, current_user)
    period, errors = _period(stats.today_in(region))
    sort = stats.sort_key(request.args.get("sort"))
    rows = stats.sorted_rows(stats.region_stats(region, period), sort) if period else []
    return _page(
        "index/stats/region.html",
        errors,
        region=region,
        period=period,
        rows=rows,
        sort=sort,
        minimum=stats.minimum(),
    )


@bp.route("/offices/<int:office_id>/surveys")
def office_surveys(office_id: int):
    """Today's count first, then the period: a bar chart per day and respondent type with the
    same numbers as a table, the total against the minimum, flagged answers waiting."""
    office = load_office_or_404(office_id, current_user)
    today = stats.today_in(office.region)
    period, errors = _period(today)
    # With a bad period, today's count is still shown (it needs no period).
    summary = stats.office_stats(office, period or stats.period(today, today, today=today), today)
    labels = {"seeker": _("Job seekers"), "employer": _("Employers")}
    return _page(
        "index/stats/office.html",
        errors,
        office=office,
        period=period,
        stats=summary,
        chart=json.dumps(stats.chart_data(summary, labels), ensure_ascii=False),
        today_text=today_text(summary.today),
    )


def today_text(counts: stats.Counts) -> str:
    """«Сегодня: 12 ответов (9 соискателей, 3 работодателя)»."""
    answers = ngettext("%(num)s answer", "%(num)s answers", counts.total)
    seekers = ngettext("%(num)s job seeker", "%(num)s job seekers", counts.seeker)
    employers = ngettext("%(num)s employer", "%(num)s employers", counts.employer)
    return _(
        "Today: %(answers)s (%(seekers)s, %(employers)s)",
        answers=answers,
        seekers=seekers,
        employers=employers,
    )
