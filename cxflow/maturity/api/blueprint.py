"""The one /api/v1 blueprint of the maturity domain (API.md "Maturity")."""

from cxflow.core.api import Blueprint

blp = Blueprint(
    "maturity_api", __name__, url_prefix="/api/v1", description="CX maturity (seed 004)"
)
