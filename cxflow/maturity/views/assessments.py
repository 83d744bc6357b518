"""Self-assessment pages: the regions with their newest assessment, a region's history, the
checklist form, an assessment with its blocks, next steps and calibration, the calibration
form, evidence files and the exports (XLSX, PDF)."""

from flask import redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from cxflow.core import access, files
from cxflow.core.clock import region_today
from cxflow.core.paging import page_number
from cxflow.core.pdf import pdf_download
from cxflow.core.spreadsheets import xlsx_download
from cxflow.core.views import handle_form
from cxflow.maturity.access import load_assessment_or_404, load_region_or_404
from cxflow.maturity.forms.assessments import (
    AssessmentHeader,
    CalibrationHeader,
    answers_of,
    checklist_form,
    show_answer_errors,
    uploads_of,
)
from cxflow.maturity.services import assessment_exports, levels
from cxflow.maturity.services import assessments as services
from cxflow.maturity.services import checklist as cl
from cxflow.maturity.views.blueprint import bp

PER_PAGE = 50


@bp.route("/maturity/assessments/")
def assessment_regions():
    """Federal roles: every region with its newest assessment; a region's user: its history."""
    access.require(current_user, "maturity.view")
    if access.visible_region_ids(current_user) is not None and current_user.region_id:
        return redirect(url_for("maturity.assessments", region_id=current_user.region_id))
    return render_template(
        "maturity/assessment_regions.html", rows=services.latest_by_region(current_user)
    )


@bp.route("/maturity/regions/<int:region_id>/assessments")
def assessments(region_id: int):
    region = load_region_or_404(region_id, permission="maturity.view")
    page = page_number()  # 404 outside 1…MAX_PAGE, like every list (core.paging)
    entries, total = services.history(current_user, region, page, PER_PAGE)
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    if page > pages:
        raise NotFound()
    return render_template(
        "maturity/assessment_history.html",
        region=region,
        entries=entries,
        total=total,
        page=page,
        pages=pages,
        checklist=cl.current(),
    )


@bp.route("/maturity/regions/<int:region_id>/assessments/new", methods=["GET", "POST"])
def new_assessment(region_id: int):
    region = load_region_or_404(region_id, permission="maturity.assess")
    checklist = cl.current()
    form = checklist_form(checklist, AssessmentHeader, evidence=True)
    if request.method == "GET":
        form.filled_on.data = region_today(region.timezone)
        form.filled_by.data = current_user.full_name

    def save():
        data = {
            "filled_on": form.filled_on.data,
            "filled_by": form.filled_by.data,
            "conclusion": form.conclusion.data,
            "answers": answers_of(form, checklist),
        }
        return services.create_assessment(current_user, region, data, uploads_of(form, checklist))

    return handle_form(
        form,
        save,
        success=_("Self-assessment saved."),
        next_url=lambda a: url_for("maturity.assessment", assessment_id=a.id),
        template="maturity/assessment_form.html",
        show=show_answer_errors,
        region=region,
        checklist=checklist,
    )


@bp.route("/maturity/assessments/<int:assessment_id>")
def assessment(assessment_id: int):
    found = load_assessment_or_404(assessment_id, permission="maturity.view")
    return render_template("maturity/assessment_detail.html", **_detail(found))


def _detail(assessment) -> dict:
    assessment = services.load_full(assessment)
    calibration = services.latest_calibration(assessment)
    return {
        "assessment": assessment,
        "entry": services.change_of(assessment),
        "checklist": services.edition_of(assessment),
        "blocks": services.sheet(assessment),
        "next_steps": services.next_steps(assessment),
        "calibration": calibration,
        "differences": services.differences(calibration) if calibration else [],
        "calibrated": services.answers_of(calibration.answers) if calibration else {},
        # the other measure: the level the region's controls reach today (seed 004 §1)
        "level": levels.snapshot(assessment.region).level,
    }


@bp.route("/maturity/assessments/<int:assessment_id>/calibrate", methods=["GET", "POST"])
def calibrate(assessment_id: int):
    found = load_assessment_or_404(assessment_id, permission="maturity.calibrate")
    checklist = services.edition_of(found)
    if checklist is None:
        raise NotFound()
    form = checklist_form(checklist, CalibrationHeader, evidence=False)
    if request.method == "GET":  # start from the region's own answers
        for code, codes in services.answers_of(found.answers).items():
            item = checklist.item(code)
            form[code].data = list(codes) if item.multiple else codes[0]
    return handle_form(
        form,
        lambda: services.calibrate(
            current_user, found, answers_of(form, checklist), form.comment.data
        ),
        success=_("Calibration saved."),
        next_url=lambda c: url_for("maturity.assessment", assessment_id=found.id) + "#calibration",
        template="maturity/assessment_calibrate.html",
        show=show_answer_errors,
        assessment=found,
        checklist=checklist,
    )


@bp.route("/maturity/assessments/<int:assessment_id>/evidence/<item>")
def evidence(assessment_id: int, item: str):
    found = load_assessment_or_404(assessment_id, permission="maturity.view")
    answer = services.evidence_of(found, item)
    return send_file(
        files.path_of(answer.evidence_key),
        mimetype=answer.evidence_type,
        download_name=answer.evidence_name,
        as_attachment=True,
    )


@bp.route("/maturity/assessments/<int:assessment_id>/export.xlsx")
def export_xlsx(assessment_id: int):
    """The filled checklist in the seed's layout, as an Excel workbook."""
    found = load_assessment_or_404(assessment_id, permission="maturity.view")
    body = assessment_exports.workbook(found)
    return xlsx_download(body, assessment_exports.file_name(found, "xlsx"))


@bp.route("/maturity/assessments/<int:assessment_id>/export.pdf")
def export_pdf(assessment_id: int):
    """The filled checklist in the seed's layout, as a PDF."""
    found = load_assessment_or_404(assessment_id, permission="maturity.view")
    body = assessment_exports.pdf_bytes(found)
    return pdf_download(body, assessment_exports.file_name(found, "pdf"))
