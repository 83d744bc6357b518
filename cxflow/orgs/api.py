"""/api/v1/regions and /api/v1/offices."""

import marshmallow as ma
from flask import request

from cxflow.core import access
from cxflow.core.api import Blueprint, Id, PageArgs, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.orgs import services
from cxflow.orgs.models import Network, Office, Region

blp = Blueprint("orgs_api", __name__, url_prefix="/api/v1", description="Regions and offices")

NETWORKS = ma.validate.OneOf([n.value for n in Network])


class RegionSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    code = ma.fields.String(required=True, metadata={"example": "52"})
    name = ma.fields.String(required=True)
    network = ma.fields.String(validate=NETWORKS, load_default=Network.centralized.value)
    timezone = ma.fields.String(load_default="Europe/Moscow")
    version = ma.fields.Integer(dump_only=True)


class RegionPatch(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    network = ma.fields.String(validate=NETWORKS)
    timezone = ma.fields.String()
    version = Id(required=True)


class OfficeSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    region_id = Id(required=True)
    region_code = ma.fields.Function(lambda o: o.region.code, dump_only=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(load_default="")
    survey_url = ma.fields.Function(
        lambda o: services.survey_url(o, request.host_url),
        dump_only=True,
        metadata={
            "description": "The office's public survey link; secret, region and federal users only"
        },
    )
    version = ma.fields.Integer(dump_only=True)


class OfficePatch(ma.Schema):
    name = ma.fields.String()
    address = ma.fields.String()
    version = Id(required=True)


class OfficeFilter(PageArgs):
    region_code = ma.fields.String()


@blp.route("/regions")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(RegionSchema))
def list_regions(args):
    regions = services.list_regions()
    start = (args["page"] - 1) * args["per_page"]
    return {"items": regions[start : start + args["per_page"]], "total": len(regions)}


@blp.route("/regions", methods=["POST"])
@blp.arguments(RegionSchema)
@blp.response(201, RegionSchema)
def create_region(data):
    region = services.create_region(api_user(), data)
    db.session.commit()
    return region


@blp.route("/regions/<int:region_id>")
@blp.response(200, RegionSchema)
def get_region(region_id):
    return db.get_or_404(Region, region_id)


@blp.route("/regions/<int:region_id>", methods=["PATCH"])
@blp.arguments(RegionPatch)
@blp.response(200, RegionSchema)
def update_region(data, region_id):
    region = db.get_or_404(Region, region_id)
    version = data.pop("version")
    services.update_region(api_user(), region, data, version)
    db.session.commit()
    return region


@blp.route("/offices")
@blp.arguments(OfficeFilter, location="query")
@blp.response(200, list_schema(OfficeSchema))
def list_offices(args):
    stmt = services.list_offices(api_user(), region_code=args.get("region_code"))
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/offices", methods=["POST"])
@blp.arguments(OfficeSchema)
@blp.response(201, OfficeSchema)
def create_office(data):
    office = services.create_office(api_user(), data["region_id"], data["name"], data["address"])
    db.session.commit()
    return office


@blp.route("/offices/<int:office_id>")
@blp.response(200, OfficeSchema)
def get_office(office_id):
    return access.get_or_404(Office, office_id, api_user())


@blp.route("/offices/<int:office_id>", methods=["PATCH"])
@blp.arguments(OfficePatch)
@blp.response(200, OfficeSchema)
def update_office(data, office_id):
    office = access.get_or_404(Office, office_id, api_user())
    version = data.pop("version")
    services.update_office(api_user(), office, data, version)
    db.session.commit()
    return office
