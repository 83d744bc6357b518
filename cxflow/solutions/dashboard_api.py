"""GET /api/v1/quick-wins (API.md): overdue quick wins and solutions in the caller's scope."""

from flask_smorest import Blueprint

blp = Blueprint("quick_wins_api", __name__, url_prefix="/api/v1", description="quick wins")
