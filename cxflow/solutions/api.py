"""/api/v1 endpoints of solution maps (API.md "CX improvement cycle")."""

from flask_smorest import Blueprint

blp = Blueprint("solutions_api", __name__, url_prefix="/api/v1", description="solution maps")
