"""Solution maps as Excel workbooks, as a page download and under /api/v1."""

from flask import Blueprint
from flask_smorest import Blueprint as ApiBlueprint

bp = Blueprint("solution_files", __name__)
blp = ApiBlueprint(
    "solution_files_api", __name__, url_prefix="/api/v1", description="solution map workbooks"
)
