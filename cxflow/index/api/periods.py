"""/api/v1: a region's index periods, the objective indicators it chose for each (seed 002
L289–305) and suspended indicators (remark #23)."""

from cxflow.core.api import api_user
from cxflow.core.extensions import db
from cxflow.index.access import load_period_or_404, load_region_or_404
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.periods import (
    IndexPeriodDates,
    IndexPeriodList,
    IndexPeriodSchema,
    IndicatorChoiceBody,
    IndicatorSuspendBody,
    IndicatorSuspensionSchema,
    RegionSuspendBody,
    RegionSuspensionList,
)
from cxflow.index.services import periods, planning


@blp.route("/regions/<int:region_id>/index/periods")
@blp.response(200, IndexPeriodList)
def list_periods(region_id):
    """The region's periods, latest first, with their chosen and suspended indicators."""
    region = load_region_or_404(region_id, api_user(), "index.view")
    items = periods.periods_of(region.id)
    return {"items": items, "total": len(items)}


@blp.route("/regions/<int:region_id>/index/indicators")
@blp.arguments(IndexPeriodDates, location="query")
@blp.response(200, IndexPeriodSchema)
def chosen_indicators(args, region_id):
    """The indicators the region chose for the period with these dates, and those suspended;
    `period_id` null and no keys when no such period was opened."""
    region = load_region_or_404(region_id, api_user(), "index.view")
    start, end = args["period_start"], args["period_end"]
    periods.check_dates(start, end)
    return periods.find(region.id, start, end) or periods.transient(region, start, end)


@blp.route("/regions/<int:region_id>/index/indicators", methods=["PUT"])
@blp.arguments(IndicatorChoiceBody)
@blp.response(200, IndexPeriodSchema)
def choose_indicators(data, region_id):
    """Replace the objective indicators chosen for the period (opened if new, under the
    methodology version in force). An unknown key or one without a checklist: 422 naming
    `keys.N`; nothing is stored on error."""
    region = load_region_or_404(region_id, api_user(), "index.plan")
    period = periods.choose(
        region, data["period_start"], data["period_end"], data["keys"], data["version"]
    )
    db.session.commit()
    return period


@blp.route("/index/periods/<int:period_id>/suspensions", methods=["POST"])
@blp.arguments(IndicatorSuspendBody)
@blp.response(201, IndicatorSuspensionSchema)
def suspend(data, period_id):
    """Leave an indicator out of the period's index, visibly, with the reason (not scored 0)."""
    period = load_period_or_404(period_id, api_user(), "index.plan")
    suspension = periods.suspend(period, data["indicator_key"], data["reason"], api_user())
    db.session.commit()
    return suspension


@blp.route("/index/periods/<int:period_id>/suspensions/<indicator_key>", methods=["DELETE"])
@blp.response(204)
def resume(period_id, indicator_key):
    """Count the indicator again; one not suspended: 422 naming `indicator_key`."""
    period = load_period_or_404(period_id, api_user(), "index.plan")
    periods.resume(period, indicator_key)
    db.session.commit()


@blp.route("/index/suspensions", methods=["POST"])
@blp.arguments(RegionSuspendBody)
@blp.response(201, RegionSuspensionList)
def suspend_in_regions(data):
    """API.md's form: suspend an indicator for the dates in one region (`region_code`) or in
    every region you may plan for that has a period with exactly these dates."""
    items = planning.suspend_in_regions(
        api_user(),
        data["region_code"],
        data["period_start"],
        data["period_end"],
        data["indicator_key"],
        data["reason"],
    )
    db.session.commit()
    return {"items": items, "total": len(items)}
