"""/api/v1: a region's survey responses as an XLSX workbook (issue #15)."""

from cxflow.core.api import api_user
from cxflow.core.spreadsheets import xlsx_download
from cxflow.index.access import load_region_or_404
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.posters import XLSX_RESPONSE, ExportArgs
from cxflow.index.services import export


@blp.route("/regions/<int:region_id>/survey-responses.xlsx")
@blp.arguments(ExportArgs, location="query")
@blp.doc(responses={"200": XLSX_RESPONSE})
def export_responses(args, region_id):
    """The region's responses, a row each, in the fixed column catalogue; `office_id` (an
    office of the region), `from` and `to` (dates received, inclusive) narrow them."""
    region = load_region_or_404(region_id, api_user())
    found = export.filters(region, **args)
    body = export.workbook_file(region, found)
    return xlsx_download(body, export.file_name(region, found))
