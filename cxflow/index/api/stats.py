"""/api/v1: survey statistics of an office and of a region's offices, for staff of the
region and federal roles (issue #15)."""

from cxflow.core.api import api_user
from cxflow.index.access import load_office_or_404, load_region_or_404
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.stats import (
    OfficeSurveyStatsSchema,
    RegionSurveyStatsSchema,
    SurveyPeriodArgs,
)
from cxflow.index.services import stats


@blp.route("/offices/<int:office_id>/survey-stats")
@blp.arguments(SurveyPeriodArgs, location="query")
@blp.response(200, OfficeSurveyStatsSchema)
def office_survey_stats(args, office_id):
    """Counted answers per day and respondent type (every day of the period), the total
    against the minimum and the answers waiting for review. Default period: the last 30 days
    up to today in the region's time zone."""
    office = load_office_or_404(office_id, api_user())
    today = stats.today_in(office.region)
    period = stats.period(args["start"], args["end"], today=today)
    return stats.office_stats(office, period, today)


@blp.route("/regions/<int:region_id>/survey-stats")
@blp.arguments(SurveyPeriodArgs, location="query")
@blp.response(200, RegionSurveyStatsSchema)
def region_survey_stats(args, region_id):
    """Every office of the region, those without answers included, by name, with the same
    totals."""
    region = load_region_or_404(region_id, api_user())
    today = stats.today_in(region)
    period = stats.period(args["start"], args["end"], today=today)
    items = stats.region_stats(region, period)
    return {
        "region_id": region.id,
        "period": period,
        "minimum": stats.minimum(),
        "items": items,
        "total": len(items),
    }
