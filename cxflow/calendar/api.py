"""/api/v1/calendar: working-day arithmetic and the admin's overrides."""

import marshmallow as ma

from cxflow.calendar import services
from cxflow.core.api import Blueprint, Id, api_user
from cxflow.core.extensions import db

blp = Blueprint(
    "calendar_api",
    __name__,
    url_prefix="/api/v1/calendar",
    description="Russian production calendar",
)


class AddWorkingDaysArgs(ma.Schema):
    start = ma.fields.Date(required=True)
    days = ma.fields.Integer(required=True)
    region_id = Id(load_default=None)


class DateSchema(ma.Schema):
    date = ma.fields.Date()


class OverrideSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    day = ma.fields.Date(required=True)
    is_working = ma.fields.Boolean(required=True)
    region_id = Id(allow_none=True, load_default=None)
    note = ma.fields.String(load_default="")


class OverrideList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(OverrideSchema))
    total = ma.fields.Integer()


class YearArgs(ma.Schema):
    year = ma.fields.Integer(required=True, validate=ma.validate.Range(min=2000, max=2100))


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
    services.delete_override(api_user(), override_id)
    db.session.commit()
