"""Roadmaps as Excel workbooks: downloads and the roadmap import, as pages and under /api/v1."""

import marshmallow as ma
from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from cxflow.core import access
from cxflow.core.api import Blueprint as ApiBlueprint
from cxflow.core.api import api_user
from cxflow.core.clock import region_today
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.spreadsheet_reading import RowErrors
from cxflow.core.spreadsheets import XLSX_MIMETYPE, xlsx_download
from cxflow.core.views import handle_form
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import Direction
from cxflow.roadmaps import report_workbooks, reports, roadmap_workbook, services
from cxflow.roadmaps.api import ActivitySchema, MonitoringArgs
from cxflow.users.models import User

bp = Blueprint("roadmap_files", __name__)
blp = ApiBlueprint(
    "roadmap_files_api",
    __name__,
    url_prefix="/api/v1",
    description="Roadmaps, monitoring and results reports as Excel workbooks",
)


# --- shared by the pages and the API ----------------------------------------------------------


def roadmap_file(user: User, pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, user, "pilots.view")
    body = roadmap_workbook.roadmap_workbook(pilot, services.roadmap(pilot))
    return xlsx_download(body, f"Дорожная карта {pilot.region.code}-{pilot.id}.xlsx")


def results_file(user: User, pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, user, "pilots.view")
    body = report_workbooks.results_workbook(pilot, services.roadmap(pilot))
    return xlsx_download(body, f"Отчет о результатах {pilot.region.code}-{pilot.id}.xlsx")


def monitoring_file(user: User, direction: str | None):
    access.require(user, "pilots.view")
    body = report_workbooks.monitoring_workbook(reports.monitoring_report(user, direction))
    today = region_today("Europe/Moscow")
    return xlsx_download(body, f"Отчет о мониторинге {today:%d.%m.%Y}.xlsx")


# --- pages ------------------------------------------------------------------------------------


class ImportForm(FlaskForm):
    file = FileField(
        _l("Roadmap workbook (.xlsx)"),
        validators=[FileRequired(_l("Choose an .xlsx file."))],
        render_kw={"accept": ".xlsx," + XLSX_MIMETYPE},
        description=_l(
            "The layout of the roadmap download. Its lines replace the roadmap's lines; "
            "the status column is not read."
        ),
    )


@bp.route("/pilots/<int:pilot_id>/roadmap.xlsx")
def roadmap_xlsx(pilot_id: int):
    return roadmap_file(current_user, pilot_id)


@bp.route("/pilots/<int:pilot_id>/results-report.xlsx")
def results_xlsx(pilot_id: int):
    return results_file(current_user, pilot_id)


@bp.route("/reports/monitoring.xlsx")
def monitoring_xlsx():
    direction = request.args.get("direction")
    return monitoring_file(current_user, direction if direction in Direction.__members__ else None)


@bp.route("/pilots/<int:pilot_id>/roadmap/import", methods=["GET", "POST"])
def import_roadmap(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="roadmaps.edit")
    form, problems = ImportForm(), []
    return handle_form(
        form,
        lambda: roadmap_workbook.import_roadmap(current_user, pilot, form.file.data.stream),
        success=lambda activities: _(
            "Roadmap imported. Lines in the roadmap: %(count)s.", count=len(activities)
        ),
        next_url=lambda _activities: url_for("roadmaps.pilot", pilot_id=pilot.id),
        template="roadmaps/import.html",
        show=lambda form, exc: problems.extend(_show_import_errors(form, exc)),
        conflict_status=409,
        page=lambda: {"problems": problems},
        pilot=pilot,
    )


def _show_import_errors(form: ImportForm, exc: ValidationError) -> list:
    """Problems of cells go to the table; a problem of the whole file to the file field."""
    problems = exc.problems if isinstance(exc, RowErrors) else []
    if problems:
        form.form_errors.append(
            _("Cells with errors: %(count)s. Nothing was imported.", count=len(problems))
        )
    else:
        form.file.errors = [*form.file.errors, *(m for ms in exc.fields.values() for m in ms)]
    return problems


# --- API --------------------------------------------------------------------------------------

XLSX_RESPONSE = {
    "description": "An Excel workbook (attachment)",
    "content": {XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}
IMPORT_BODY = {
    "required": True,
    "description": "An .xlsx in the layout of GET /pilots/{pilot_id}/roadmap.xlsx",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    },
}


class ImportedRoadmapSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ActivitySchema))
    total = ma.fields.Integer()


@blp.route("/pilots/<int:pilot_id>/roadmap.xlsx")
@blp.doc(responses={"200": XLSX_RESPONSE})
def roadmap_xlsx_api(pilot_id):
    """The roadmap in the layout that the import reads (seed 001 App. 3, seed 004 §2)."""
    return roadmap_file(api_user(), pilot_id)


@blp.route("/pilots/<int:pilot_id>/results-report.xlsx")
@blp.doc(responses={"200": XLSX_RESPONSE})
def results_xlsx_api(pilot_id):
    """The results report (seed 001 App. 6): results, remarks, effects."""
    return results_file(api_user(), pilot_id)


@blp.route("/reports/monitoring.xlsx")
@blp.arguments(MonitoringArgs, location="query")
@blp.doc(responses={"200": XLSX_RESPONSE})
def monitoring_xlsx_api(args):
    """The monitoring report (seed 001 App. 5) over the regions the user may see."""
    return monitoring_file(api_user(), args["direction"])


@blp.route("/pilots/<int:pilot_id>/roadmap/import", methods=["POST"])
@blp.doc(requestBody=IMPORT_BODY)
@blp.response(200, ImportedRoadmapSchema)
def import_roadmap_api(pilot_id):
    """Replace a draft roadmap's lines with the rows of a workbook; 422 names «row N: column»."""
    pilot = load_pilot_or_404(pilot_id, api_user())
    roadmap_workbook.import_roadmap(api_user(), pilot, request.files.get("file"))
    db.session.commit()
    items = services.flagged(services.roadmap(pilot))
    return {"items": items, "total": len(items)}
