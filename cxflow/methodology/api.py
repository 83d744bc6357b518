"""/api/v1/methodology/versions (API.md "Customer-centricity index"): every recorded version
of every methodology document, and which one is in force."""

from cxflow.core.api import Blueprint
from cxflow.methodology import services
from cxflow.methodology.schemas import MethodologyVersionList

blp = Blueprint(
    "methodology_api", __name__, url_prefix="/api/v1", description="Methodology versions"
)


@blp.route("/methodology/versions")
@blp.response(200, MethodologyVersionList)
def versions():
    """Roadmap templates, the maturity matrix and checklist, the index's questionnaires and
    indicators: each version recorded (newest first per document) and whether it is in force.
    A period, pilot or assessment names the version it was made under."""
    items = services.versions()
    return {"items": items, "total": len(items)}
