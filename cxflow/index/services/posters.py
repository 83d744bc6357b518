"""The printed face of an office's survey (issue #15): its public link, the link as an SVG QR
code (segno) and A4 posters (WeasyPrint, cxflow.core.pdf): one office's, or one PDF with a
page per office of a region. A rotated token changes all three (orgs.rotate_survey_token)."""

import base64
import io

import segno
import sqlalchemy as sa
from flask import current_app

from cxflow.core import pdf
from cxflow.core.extensions import db
from cxflow.orgs import services as orgs
from cxflow.orgs.models import Office, Region

SVG_MIMETYPE = "image/svg+xml"
# Quartile error correction: a poster on a wall gets creased, taped over and faded.
ERROR_LEVEL = "q"
POSTER = ("index/poster.html", "index/poster.css")


def public_survey_url(office: Office) -> str:
    """The link clients use, on CXFLOW_PUBLIC_URL (PUBLIC_BASE_URL), never on the address the
    staff member happened to open cxflow by: a poster outlives the request that printed it,
    staff may reach cxflow on an internal name clients cannot, and a request's Host header
    is the client's to choose, so it must not decide what gets printed and hung on a wall."""
    return orgs.survey_url(office, current_app.config["PUBLIC_BASE_URL"])


def qr_svg(url: str, title: str = "") -> bytes:
    """`url` as an SVG QR code: black on white with the standard quiet zone; sized by its
    viewBox only, so it scales to any print size without blurring."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=4, omitsize=True, light="#fff", title=title or None)
    return out.getvalue()


def office_qr(office: Office) -> bytes:
    return qr_svg(public_survey_url(office), office.name)


def _poster(office: Office) -> dict:
    url = public_survey_url(office)
    svg = base64.b64encode(qr_svg(url)).decode()
    # a data: URI: cxflow.core.pdf fetches nothing else
    return {"office": office, "url": url, "qr": f"data:{SVG_MIMETYPE};base64,{svg}"}


def region_offices(region: Region) -> list[Office]:
    return list(
        db.session.scalars(
            sa.select(Office).where(Office.region_id == region.id).order_by(Office.name)
        )
    )


def poster_context(offices: list[Office], region: Region | None = None) -> dict:
    """What the poster template shows: a page per office."""
    return {"posters": [_poster(office) for office in offices], "region": region}


def office_poster(office: Office) -> bytes:
    """One A4 page: the office's name, the invitation, a large QR code and the link."""
    return pdf.render_pdf(*POSTER, **poster_context([office]))


def region_posters(region: Region) -> bytes:
    """Every office of the region, a page each, by name (no offices: one page saying so)."""
    return pdf.render_pdf(*POSTER, **poster_context(region_offices(region), region))


def file_name(name: str, kind: str) -> str:
    """`Плакат опроса <name>.<kind>`, the name cleaned of path separators."""
    safe = "".join(ch for ch in name if ch not in '/\\:*?"<>|').strip()[:80] or "ЦЗН"
    return f"Плакат опроса {safe}.{kind}"
