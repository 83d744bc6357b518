"""/api/v1 endpoints of the clients domain (API.md "CX improvement cycle"): client KPIs and
client profiles with their revisions and merges."""

from cxflow.clients import services
from cxflow.clients.access import load_kpi_or_404, load_profile_or_404
from cxflow.clients.schemas import (
    KpiCreate,
    KpiSchema,
    KpiUpdate,
    ProfileCreate,
    ProfileMergeArgs,
    ProfileRevisionSchema,
    ProfileSchema,
    ProfileUpdate,
)
from cxflow.core.api import Blueprint, PageArgs, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.pilots.access import load_pilot_or_404

blp = Blueprint(
    "clients_api", __name__, url_prefix="/api/v1", description="Client KPIs and client profiles"
)


@blp.route("/pilots/<int:pilot_id>/kpis")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(KpiSchema))
def list_kpis(args, pilot_id):
    """The pilot's client KPIs, in the order they were added."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    return paginated(services.list_kpis(api_user(), pilot), args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/kpis", methods=["POST"])
@blp.arguments(KpiCreate)
@blp.response(201, KpiSchema)
def create_kpi(data, pilot_id):
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    kpi = services.create_kpi(api_user(), pilot, data)
    db.session.commit()
    return kpi


@blp.route("/kpis/<int:kpi_id>")
@blp.response(200, KpiSchema)
def get_kpi(kpi_id):
    return load_kpi_or_404(kpi_id, api_user(), "pilots.view")


@blp.route("/kpis/<int:kpi_id>", methods=["PATCH"])
@blp.arguments(KpiUpdate)
@blp.response(200, KpiSchema)
def update_kpi(data, kpi_id):
    kpi = load_kpi_or_404(kpi_id, api_user(), "pilots.view")
    version = data.pop("version")
    services.update_kpi(api_user(), kpi, data, version)
    db.session.commit()
    return kpi


@blp.route("/kpis/<int:kpi_id>", methods=["DELETE"])
@blp.response(204)
def delete_kpi(kpi_id):
    services.delete_kpi(api_user(), load_kpi_or_404(kpi_id, api_user(), "pilots.view"))
    db.session.commit()


# --- client profiles -------------------------------------------------------------------------


@blp.route("/pilots/<int:pilot_id>/profiles")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(ProfileSchema))
def list_profiles(args, pilot_id):
    """The pilot's profiles, drafts and merged ones, in the order they were made."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    return paginated(services.list_profiles(api_user(), pilot), args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/profiles", methods=["POST"])
@blp.arguments(ProfileCreate)
@blp.response(201, ProfileSchema)
def create_profile(data, pilot_id):
    """A client portrait (seed 001 §2.6); only `title` is required; writes version 1."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    profile = services.create_profile(api_user(), pilot, data)
    db.session.commit()
    return profile


@blp.route("/pilots/<int:pilot_id>/profiles/merge", methods=["POST"])
@blp.arguments(ProfileMergeArgs)
@blp.response(201, ProfileSchema)
def merge_profiles(data, pilot_id):
    """A new profile made of ≥ 2 profiles of the pilot: list items united without repeats,
    different header values joined with " / "; each source gets `merged_into_id`."""
    pilot = load_pilot_or_404(pilot_id, api_user(), "pilots.view")
    profile = services.merge_profiles(api_user(), pilot, data["title"], data["source_ids"])
    db.session.commit()
    return profile


@blp.route("/profiles/<int:profile_id>")
@blp.response(200, ProfileSchema)
def get_profile(profile_id):
    return load_profile_or_404(profile_id, api_user(), "pilots.view")


@blp.route("/profiles/<int:profile_id>", methods=["PATCH"])
@blp.arguments(ProfileUpdate)
@blp.response(200, ProfileSchema)
def update_profile(data, profile_id):
    """Change fields; a change writes a new version with its snapshot."""
    profile = load_profile_or_404(profile_id, api_user(), "pilots.view")
    version = data.pop("version")
    services.update_profile(api_user(), profile, data, version)
    db.session.commit()
    return profile


@blp.route("/profiles/<int:profile_id>", methods=["DELETE"])
@blp.response(204)
def delete_profile(profile_id):
    services.delete_profile(api_user(), load_profile_or_404(profile_id, api_user(), "pilots.view"))
    db.session.commit()


@blp.route("/profiles/<int:profile_id>/revisions")
@blp.response(200, list_schema(ProfileRevisionSchema))
def list_revisions(profile_id):
    """Every saved version of the profile, newest first."""
    items = services.revisions(load_profile_or_404(profile_id, api_user(), "pilots.view"))
    return {"items": items, "total": len(items)}


@blp.route("/profiles/<int:profile_id>/revisions/<int:version>")
@blp.response(200, ProfileRevisionSchema)
def get_revision(profile_id, version):
    profile = load_profile_or_404(profile_id, api_user(), "pilots.view")
    return services.get_revision(api_user(), profile, version)
