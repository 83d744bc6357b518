"""/api/v1 endpoints of the working groups domain (API.md "CX improvement cycle")."""

from flask_smorest import Blueprint

blp = Blueprint("working_groups_api", __name__, url_prefix="/api/v1", description="working groups")
