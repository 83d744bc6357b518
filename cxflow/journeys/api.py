"""/api/v1 endpoints of the journeys domain (API.md "CX improvement cycle")."""

from flask_smorest import Blueprint

blp = Blueprint("journeys_api", __name__, url_prefix="/api/v1", description="journeys")
