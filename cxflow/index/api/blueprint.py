"""The one /api/v1 blueprint of the index domain (API.md "Customer-centricity index")."""

from cxflow.core.api import Blueprint

blp = Blueprint(
    "index_api", __name__, url_prefix="/api/v1", description="Customer-centricity index (seed 002)"
)
