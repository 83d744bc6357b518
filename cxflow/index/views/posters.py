"""An office's survey QR code and poster, a region's posters: for staff of the region and
federal roles (the office page shows them in its survey panel)."""

from flask import Response
from flask_login import current_user

from cxflow.core.pdf import pdf_download
from cxflow.index.access import load_office_or_404, load_region_or_404
from cxflow.index.services import posters
from cxflow.index.views.blueprint import bp


@bp.route("/offices/<int:office_id>/qr.svg")
def office_qr(office_id: int):
    office = load_office_or_404(office_id, current_user)
    return Response(posters.office_qr(office), mimetype=posters.SVG_MIMETYPE)


@bp.route("/offices/<int:office_id>/poster.pdf")
def office_poster(office_id: int):
    office = load_office_or_404(office_id, current_user)
    return pdf_download(posters.office_poster(office), posters.file_name(office.name, "pdf"))


@bp.route("/regions/<int:region_id>/posters.pdf")
def region_posters(region_id: int):
    region = load_region_or_404(region_id, current_user)
    name = posters.file_name(f"{region.code} {region.name}", "pdf")
    return pdf_download(posters.region_posters(region), name)
