"""The JSON and file shapes of an office's survey link, QR code, posters and the export of
responses (API.md "Customer-centricity index")."""

import marshmallow as ma

from cxflow.core.api import Id
from cxflow.core.pdf import PDF_MIMETYPE
from cxflow.core.spreadsheets import XLSX_MIMETYPE

SVG_RESPONSE = {
    "description": "The office's public survey link as an SVG QR code",
    "content": {"image/svg+xml": {"schema": {"type": "string", "format": "binary"}}},
}
PDF_RESPONSE = {
    "description": "A4 posters with the survey's QR code and link (attachment), a page per office",
    "content": {PDF_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}
XLSX_RESPONSE = {
    "description": (
        "Survey responses (attachment), a row each, in a fixed column catalogue: one column "
        "per question code, stable across methodology versions; a second sheet explains them"
    ),
    "content": {XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}


class SurveyLinkSchema(ma.Schema):
    survey_url = ma.fields.String(
        metadata={"description": "The office's new public survey link (old link and QR: 404)"}
    )


class ExportArgs(ma.Schema):
    office_id = Id(metadata={"description": "Only this office's responses (of the region)"})
    date_from = ma.fields.Date(data_key="from", metadata={"description": "received_on ≥ from"})
    date_to = ma.fields.Date(data_key="to", metadata={"description": "received_on ≤ to"})
