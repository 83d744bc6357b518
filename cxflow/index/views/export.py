"""A region's survey responses as an XLSX workbook (issue #15), for staff of the region and
federal roles."""

import marshmallow as ma
from flask import request
from flask_login import current_user

from cxflow.core.errors import ValidationError
from cxflow.core.spreadsheets import xlsx_download
from cxflow.index.access import load_region_or_404
from cxflow.index.schemas.posters import ExportArgs
from cxflow.index.services import export
from cxflow.index.views.blueprint import bp


@bp.route("/regions/<int:region_id>/survey-responses.xlsx")
def export_responses(region_id: int):
    """`office_id`, `from`, `to` as the API takes them; a bad one is a 422 page naming it
    (an export silently widened to the whole region would be worse than none)."""
    region = load_region_or_404(region_id, current_user)
    raw = {k: v for k, v in request.args.items() if v != ""}
    try:
        args = ExportArgs().load(raw, unknown=ma.EXCLUDE)
    except ma.ValidationError as exc:
        raise ValidationError(exc.messages) from None
    found = export.filters(region, **args)
    return xlsx_download(export.workbook_file(region, found), export.file_name(region, found))
