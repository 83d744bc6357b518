"""Solution maps as Excel workbooks, as a page download and under /api/v1."""

import marshmallow as ma
from flask import Blueprint, request
from flask_login import current_user

from cxflow.core.api import Blueprint as ApiBlueprint
from cxflow.core.api import api_user
from cxflow.core.spreadsheets import XLSX_MIMETYPE, xlsx_download
from cxflow.pilots.access import load_pilot_or_404
from cxflow.solutions import services, solution_map_workbook
from cxflow.users.models import User

bp = Blueprint("solution_files", __name__)
blp = ApiBlueprint(
    "solution_files_api", __name__, url_prefix="/api/v1", description="solution map workbooks"
)


def solution_map_file(user: User, pilot_id: int, layout: str | None):
    """The pilot's map in `layout`; an unknown layout is a 422 naming `layout`, never a
    silent fall back to another layout."""
    pilot = load_pilot_or_404(pilot_id, user, "pilots.view")
    chosen = solution_map_workbook.layout_of(layout)
    rows = services.solution_map(user, pilot)
    body = solution_map_workbook.solution_map_workbook(pilot, rows, chosen.key)
    return xlsx_download(body, f"Карта решений {pilot.region.code}-{pilot.id}.xlsx")


# --- page -------------------------------------------------------------------------------------


@bp.route("/pilots/<int:pilot_id>/solutions.xlsx")
def export(pilot_id: int):
    """?layout=full (default) or A–F: the columns of seed 001 §2.8's variants."""
    return solution_map_file(current_user, pilot_id, request.args.get("layout"))


# --- API --------------------------------------------------------------------------------------

XLSX_RESPONSE = {
    "description": "An Excel workbook (attachment)",
    "content": {XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}


class LayoutArgs(ma.Schema):
    layout = ma.fields.String(
        load_default="full",
        metadata={
            "enum": list(solution_map_workbook.LAYOUTS),
            "description": "full: every column; A–F: the regions' layouts (seed 001 §2.8)",
        },
    )


@blp.route("/pilots/<int:pilot_id>/solutions/export.xlsx")
@blp.arguments(LayoutArgs, location="query")
@blp.doc(responses={"200": XLSX_RESPONSE})
def export_api(args, pilot_id):
    """The pilot's solution map as a workbook; an unknown layout is a 422 naming `layout`."""
    return solution_map_file(api_user(), pilot_id, args["layout"])
