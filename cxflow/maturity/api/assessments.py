"""/api/v1: the self-assessment checklist, a region's assessments and their calibration
(API.md "Maturity self-assessment")."""

from flask import request, send_file

from cxflow.core import access, files
from cxflow.core.api import api_user, list_schema
from cxflow.core.extensions import db
from cxflow.core.pdf import pdf_download
from cxflow.core.spreadsheets import xlsx_download
from cxflow.maturity.access import load_assessment_or_404, load_region_or_404
from cxflow.maturity.api.blueprint import blp
from cxflow.maturity.schemas.assessments import (
    EVIDENCE_BODY,
    PDF_RESPONSE,
    XLSX_RESPONSE,
    AnswerSchema,
    AssessmentCreate,
    AssessmentDetailSchema,
    CalibrationCreate,
    CalibrationSchema,
    ChecklistSchema,
    HistoryArgs,
    HistoryItemSchema,
)
from cxflow.maturity.services import assessment_exports
from cxflow.maturity.services import assessments as services
from cxflow.maturity.services import checklist as cl


@blp.route("/maturity/checklist")
@blp.response(200, ChecklistSchema)
def get_checklist():
    """The checklist in force (seed 004 §3): items with their option codes and points."""
    access.require(api_user(), "maturity.view")
    return cl.current()


@blp.route("/regions/<int:region_id>/maturity-assessments")
@blp.arguments(HistoryArgs, location="query")
@blp.response(200, list_schema(HistoryItemSchema))
def list_assessments(args, region_id):
    """The region's assessments, newest first (`filled_on`, then creation), each with its
    change since the previous one."""
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    items, total = services.history(api_user(), region, args["page"], args["per_page"])
    return {"items": items, "total": total}


@blp.route("/regions/<int:region_id>/maturity-assessments", methods=["POST"])
@blp.arguments(AssessmentCreate)
@blp.response(201, AssessmentDetailSchema)
def create_assessment(data, region_id):
    """A filled checklist: score per block and in total, and the next step of each item."""
    region = load_region_or_404(region_id, api_user(), "maturity.assess")
    assessment = services.create_assessment(api_user(), region, data)
    db.session.commit()
    return services.load_full(assessment)


@blp.route("/maturity-assessments/<int:assessment_id>")
@blp.response(200, AssessmentDetailSchema)
def get_assessment(assessment_id):
    assessment = load_assessment_or_404(assessment_id, api_user(), "maturity.view")
    return services.load_full(assessment)


@blp.route("/maturity-assessments/<int:assessment_id>/calibration", methods=["POST"])
@blp.arguments(CalibrationCreate)
@blp.response(201, CalibrationSchema)
def calibrate(data, assessment_id):
    """A federal consultant's own answers; `differences` lists the items answered otherwise."""
    assessment = load_assessment_or_404(assessment_id, api_user(), "maturity.calibrate")
    calibration = services.calibrate(api_user(), assessment, data["answers"], data["comment"])
    db.session.commit()
    return calibration


@blp.route("/maturity-assessments/<int:assessment_id>/answers/<item>/evidence")
@blp.doc(responses={"200": {"description": "The evidence file of the item"}})
def get_evidence(assessment_id, item):
    """The evidence file of one item (404 when the item has none)."""
    assessment = load_assessment_or_404(assessment_id, api_user(), "maturity.view")
    return evidence_download(services.evidence_of(assessment, item))


@blp.route("/maturity-assessments/<int:assessment_id>/answers/<item>/evidence", methods=["POST"])
@blp.doc(requestBody=EVIDENCE_BODY)
@blp.response(201, AnswerSchema)
def attach_evidence(assessment_id, item):
    """Multipart `file`: the evidence of one item (it replaces the item's link or file)."""
    assessment = load_assessment_or_404(assessment_id, api_user(), "maturity.assess")
    answer = services.attach_evidence(api_user(), assessment, item, request.files.get("file"))
    db.session.commit()
    return answer


@blp.route("/maturity-assessments/<int:assessment_id>/export.xlsx")
@blp.doc(responses={"200": XLSX_RESPONSE})
def export_xlsx(assessment_id):
    """The filled checklist in the layout of seed 004 §3, as an Excel workbook."""
    assessment = load_assessment_or_404(assessment_id, api_user(), "maturity.view")
    body = assessment_exports.workbook(assessment)
    return xlsx_download(body, assessment_exports.file_name(assessment, "xlsx"))


@blp.route("/maturity-assessments/<int:assessment_id>/export.pdf")
@blp.doc(responses={"200": PDF_RESPONSE})
def export_pdf(assessment_id):
    """The filled checklist in the layout of seed 004 §3, as a PDF."""
    assessment = load_assessment_or_404(assessment_id, api_user(), "maturity.view")
    body = assessment_exports.pdf_bytes(assessment)
    return pdf_download(body, assessment_exports.file_name(assessment, "pdf"))


def evidence_download(answer):
    return send_file(
        files.path_of(answer.evidence_key),
        mimetype=answer.evidence_type,
        download_name=answer.evidence_name,
        as_attachment=True,
    )
