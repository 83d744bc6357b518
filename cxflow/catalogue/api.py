"""/api/v1 endpoints of the catalogue domain (API.md "CX improvement cycle")."""

from flask_smorest import Blueprint

blp = Blueprint("catalogue_api", __name__, url_prefix="/api/v1", description="catalogue")
