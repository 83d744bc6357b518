"""/api/v1: an office's survey QR code and poster, a region's posters, a new survey link
(API.md "Customer-centricity index"). Staff of the office's region and federal roles only."""

from flask import Response

from cxflow.core.api import api_user
from cxflow.core.extensions import db
from cxflow.core.pdf import pdf_download
from cxflow.index.access import load_office_or_404, load_region_or_404
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.posters import PDF_RESPONSE, SVG_RESPONSE, SurveyLinkSchema
from cxflow.index.services import posters
from cxflow.orgs import services as orgs


@blp.route("/offices/<int:office_id>/qr.svg")
@blp.doc(responses={"200": SVG_RESPONSE})
def office_qr(office_id):
    """The office's public survey link as an SVG QR code."""
    office = load_office_or_404(office_id, api_user())
    return Response(posters.office_qr(office), mimetype=posters.SVG_MIMETYPE)


@blp.route("/offices/<int:office_id>/poster.pdf")
@blp.doc(responses={"200": PDF_RESPONSE})
def office_poster(office_id):
    """An A4 poster: the office's name, the invitation, a large QR code and the link."""
    office = load_office_or_404(office_id, api_user())
    return pdf_download(posters.office_poster(office), posters.file_name(office.name, "pdf"))


@blp.route("/regions/<int:region_id>/posters.pdf")
@blp.doc(responses={"200": PDF_RESPONSE})
def region_posters(region_id):
    """One PDF with the poster of every office of the region, a page each."""
    region = load_region_or_404(region_id, api_user())
    name = posters.file_name(f"{region.code} {region.name}", "pdf")
    return pdf_download(posters.region_posters(region), name)


@blp.route("/offices/<int:office_id>/survey-token", methods=["POST"])
@blp.response(201, SurveyLinkSchema)
def rotate_survey_token(office_id):
    """A new survey link (the region's coordinator, an admin): the old link and the old QR
    code answer 404 from now on, so the office needs a fresh poster."""
    office = load_office_or_404(office_id, api_user())
    orgs.rotate_survey_token(api_user(), office)
    db.session.commit()
    return {"survey_url": posters.public_survey_url(office)}
