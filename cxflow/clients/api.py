"""/api/v1 endpoints of the clients domain (API.md "CX improvement cycle")."""

from flask_smorest import Blueprint

blp = Blueprint("clients_api", __name__, url_prefix="/api/v1", description="clients")
