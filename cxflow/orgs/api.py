"""/api/v1/regions and /api/v1/offices."""

from cxflow.core.api import Blueprint, PageArgs, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.orgs import services
from cxflow.orgs.access import load_office_or_404, load_region_or_404
from cxflow.orgs.schemas import (
    OfficeFilter,
    OfficePatch,
    OfficeSchema,
    RegionPatch,
    RegionSchema,
)

blp = Blueprint("orgs_api", __name__, url_prefix="/api/v1", description="Regions and offices")


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
    return load_region_or_404(region_id, api_user())


@blp.route("/regions/<int:region_id>", methods=["PATCH"])
@blp.arguments(RegionPatch)
@blp.response(200, RegionSchema)
def update_region(data, region_id):
    region = load_region_or_404(region_id, api_user())
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
    office = services.create_office(
        api_user(),
        data["region_id"],
        data["name"],
        data["address"],
        data["opening_hours"],
        data["is_managing_office"],
    )
    db.session.commit()
    return office


@blp.route("/offices/<int:office_id>")
@blp.response(200, OfficeSchema)
def get_office(office_id):
    return load_office_or_404(office_id, api_user())


@blp.route("/offices/<int:office_id>", methods=["PATCH"])
@blp.arguments(OfficePatch)
@blp.response(200, OfficeSchema)
def update_office(data, office_id):
    office = load_office_or_404(office_id, api_user())
    version = data.pop("version")
    services.update_office(api_user(), office, data, version)
    db.session.commit()
    return office
