"""/api/v1/calendar: working-day arithmetic and the admin's overrides."""

from cxflow.calendar import services
from cxflow.calendar.access import load_override_or_404
from cxflow.calendar.schemas import (
    AddWorkingDaysArgs,
    DateSchema,
    OverrideList,
    OverrideSchema,
    YearArgs,
)
from cxflow.core.api import Blueprint, api_user
from cxflow.core.extensions import db

blp = Blueprint(
    "calendar_api",
    __name__,
    url_prefix="/api/v1/calendar",
    description="Russian production calendar",
)


@blp.route("/add-working-days")
@blp.arguments(AddWorkingDaysArgs, location="query")
@blp.response(200, DateSchema)
def add_working_days(args):
    """The N-th working day counting `start` as day 1 when it is a working day."""
    return {"date": services.add_working_days(args["start"], args["days"], args["region_id"])}


@blp.route("/overrides")
@blp.arguments(YearArgs, location="query")
@blp.response(200, OverrideList)
def list_overrides(args):
    items = services.list_overrides(args["year"])
    return {"items": items, "total": len(items)}


@blp.route("/overrides", methods=["POST"])
@blp.arguments(OverrideSchema)
@blp.response(201, OverrideSchema)
def create_override(data):
    override = services.add_override(api_user(), **data)
    db.session.commit()
    return override


@blp.route("/overrides/<int:override_id>", methods=["DELETE"])
@blp.response(204)
def delete_override(override_id):
    services.delete_override(api_user(), load_override_or_404(override_id, api_user()))
    db.session.commit()
