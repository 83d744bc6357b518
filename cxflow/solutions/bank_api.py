"""/api/v1 endpoints of the knowledge bank."""

from flask_smorest import Blueprint

blp = Blueprint("bank_api", __name__, url_prefix="/api/v1", description="knowledge bank")
