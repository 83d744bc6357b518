"""/api/v1: the service catalogue (seed 000), reference data for journeys."""

from cxflow.catalogue import services
from cxflow.catalogue.schemas import (
    CatalogueSchema,
)
from cxflow.core.api import Blueprint

blp = Blueprint(
    "catalogue_api", __name__, url_prefix="/api/v1", description="The service catalogue"
)


@blp.route("/catalogue")
@blp.response(200, CatalogueSchema)
def catalogue():
    """Public services, each with its service complexes and services."""
    items = services.public_services()
    return {"items": items, "total": len(items)}
