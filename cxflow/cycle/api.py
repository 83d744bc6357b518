"""/api/v1 endpoints of the cycle domain (API.md "CX improvement cycle")."""

from flask_smorest import Blueprint

blp = Blueprint("cycle_api", __name__, url_prefix="/api/v1", description="cycle")
