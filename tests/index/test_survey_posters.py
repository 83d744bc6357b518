"""QR codes, A4 posters and a new survey link of an office (issue #15): the printed link is
the public one, Cyrillic renders, other regions see nothing, a rotated link is dead."""

import re
import xml.etree.ElementTree as ET
import zlib

import pytest
from weasyprint.layout import boxes

from cxflow.core import pdf
from cxflow.core.extensions import db
from cxflow.index.services import posters
from tests import factories
from tests.helpers import page_html, survey_body

PUBLIC = "https://opros.czn.example.ru"


@pytest.fixture
def public_base(app):
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    return PUBLIC


def link(office) -> str:
    return f"{PUBLIC}/s/{office.survey_token}"


def text_of(document) -> str:
    """The text of a laid-out document, in reading order."""
    return " ".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TextBox)
    )


def pdf_parts(data: bytes) -> list[bytes]:
    """The PDF and every Flate-compressed stream of it, decompressed."""
    found = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            found.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue
    return found


def page_count(data: bytes) -> int:
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", part)) for part in pdf_parts(data))


def laid_out(app, offices, region=None):
    with app.test_request_context():
        return pdf.render_document(*posters.POSTER, **posters.poster_context(offices, region))


# --- QR code -----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/api/v1"])
def test_the_qr_code_encodes_the_public_link_not_the_request_host(
    world, client, auth, api, public_base, prefix
):
    if prefix:
        api.as_(world.manager)
        response = api.get(f"/api/v1/offices/{world.office52.id}/qr.svg")
    else:
        auth.login(world.manager)
        response = client.get(f"/offices/{world.office52.id}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)  # well-formed SVG
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    # segno has no decoder: the same link made into a code by segno gives the same drawing
    assert response.data == posters.qr_svg(link(world.office52), world.office52.name)
    assert response.data != posters.qr_svg(
        f"http://localhost/s/{world.office52.survey_token}", world.office52.name
    )


# --- posters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/api/v1"])
def test_the_poster_is_one_a4_page_with_the_name_the_invitation_and_the_link(
    world, client, auth, api, app, public_base, prefix
):
    if prefix:
        response = api.as_(world.working_group_member).get(
            f"/api/v1/offices/{world.office52.id}/poster.pdf"
        )
    else:
        auth.login(world.working_group_member)
        response = client.get(f"/offices/{world.office52.id}/poster.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(b"%PDF") and page_count(response.data) == 1
    assert any(b"DejaVu" in part for part in pdf_parts(response.data))  # the font is embedded
    document = laid_out(app, [world.office52])
    assert len(document.pages) == 1
    page = document.pages[0]
    assert round(page.width * 25.4 / 96) == 210 and round(page.height * 25.4 / 96) == 297  # A4
    text = text_of(document)
    for words in ("ЦЗН Нижнего Новгорода", "Оцените, как вас обслужили", "анонимно"):
        assert words in text
    assert link(world.office52) in text.replace(" ", "")


def test_the_region_pdf_has_a_page_per_office_of_the_region_only(
    world, client, auth, app, public_base
):
    more = [factories.OfficeFactory(region=world.r52, name=f"ЦЗН № {n}") for n in (1, 2)]
    db.session.commit()
    auth.login(world.federal_consultant)
    response = client.get(f"/regions/{world.r52.id}/posters.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert page_count(response.data) == 3
    offices = posters.region_offices(world.r52)
    assert {o.id for o in offices} == {world.office52.id, *(o.id for o in more)}
    document = laid_out(app, offices, world.r52)
    assert len(document.pages) == 3
    text = text_of(document)
    assert "ЦЗН № 1" in text and "ЦЗН № 2" in text and "Челябинска" not in text
    for office in offices:
        assert link(office) in text.replace(" ", "")


def test_a_region_without_offices_gets_a_page_saying_so(world, app):
    empty = factories.RegionFactory(code="77", name="Москва")
    db.session.commit()
    document = laid_out(app, [], empty)
    assert len(document.pages) == 1 and "нет ни одного ЦЗН" in text_of(document)


# --- who sees what ---------------------------------------------------------------------------


def urls(world, office=None, region=None):
    office, region = office or world.office52, region or world.r52
    return [
        f"/offices/{office.id}/qr.svg",
        f"/offices/{office.id}/poster.pdf",
        f"/regions/{region.id}/posters.pdf",
    ]


def test_another_regions_staff_get_404_and_strangers_the_sign_in(world, client, auth, api):
    auth.login(world.coordinator74)
    for url in urls(world):
        assert client.get(url).status_code == 404, url
    api.as_(world.coordinator74)
    for url in urls(world):
        assert api.get(f"/api/v1{url}").status_code == 404, url
    assert api.get(f"/api/v1/regions/{world.r74.id}/posters.pdf").status_code == 200
    auth.logout()
    for url in urls(world):
        assert client.get(url).status_code == 302, url
        assert client.get(f"/api/v1{url}").status_code == 401, url


def test_unknown_ids_are_404(world, client, auth):
    auth.login(world.admin)
    for url in ("/offices/999/qr.svg", "/offices/999/poster.pdf", "/regions/999/posters.pdf"):
        assert client.get(url).status_code == 404
        assert client.get(url.replace("999", "99999999999")).status_code == 404


# --- a new link -------------------------------------------------------------------------------


def test_rotation_gives_a_new_public_link_and_kills_the_old_one(world, client, api, public_base):
    office = world.office52
    old_token, old_qr = office.survey_token, posters.qr_svg(link(office), office.name)
    api.as_(world.regional_coordinator)
    response = api.post(f"/api/v1/offices/{office.id}/survey-token")
    assert response.status_code == 201, response.json
    db.session.refresh(office)
    assert office.survey_token != old_token
    assert response.json == {"survey_url": link(office)}
    old = client.post(f"/api/v1/surveys/{old_token}/responses", json=survey_body())
    assert old.status_code == 404
    assert client.get(f"/s/{old_token}").status_code == 404
    new = client.post(f"/api/v1/surveys/{office.survey_token}/responses", json=survey_body())
    assert new.status_code == 201
    qr = api.get(f"/api/v1/offices/{office.id}/qr.svg").data
    path = re.compile(rb'class="qrline"[^>]* d="([^"]+)"')
    assert path.search(qr).group(1) != path.search(old_qr).group(1)  # a new code to print
    assert qr == posters.qr_svg(link(office), office.name)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 201),
        ("regional_coordinator", 201),
        ("federal_consultant", 403),
        ("manager", 403),
        ("working_group_member", 403),
        ("coordinator74", 404),
    ],
)
def test_who_may_make_a_new_link(world, api, who, status):
    old = world.office52.survey_token
    api.as_(getattr(world, who))
    response = api.post(f"/api/v1/offices/{world.office52.id}/survey-token")
    assert response.status_code == status, response.json
    db.session.refresh(world.office52)
    assert (world.office52.survey_token != old) == (status == 201)


def test_unknown_office_rotation_is_404(world, api):
    api.as_(world.admin)
    assert api.post("/api/v1/offices/999/survey-token").status_code == 404


# --- the office page --------------------------------------------------------------------------


def test_the_office_page_shows_the_survey_panel_to_the_regions_staff(
    world, client, auth, public_base
):
    office = world.office52
    auth.login(world.manager)
    html = page_html(client, f"/offices/{office.id}")
    assert link(office) in html and "http://localhost/s/" not in html
    assert f'src="/offices/{office.id}/qr.svg"' in html
    assert f'href="/offices/{office.id}/poster.pdf"' in html
    assert f'href="/regions/{world.r52.id}/posters.pdf"' in html
    assert f"/regions/{world.r52.id}/survey-responses.xlsx?office_id={office.id}" in html
    assert "/survey-link" not in html  # a manager may not make a new link
    auth.logout()
    auth.login(world.regional_coordinator)
    html = page_html(client, f"/offices/{office.id}")
    assert f'action="/offices/{office.id}/survey-link"' in html
    assert 'data-confirm="' in html and "плакат" in html


def test_the_office_page_rotation_still_works_and_says_to_print_a_poster(
    world, client, auth, public_base
):
    auth.login(world.regional_coordinator)
    old = world.office52.survey_token
    response = client.post(f"/offices/{world.office52.id}/survey-link", follow_redirects=True)
    assert response.status_code == 200
    db.session.refresh(world.office52)
    assert world.office52.survey_token != old
    html = response.get_data(as_text=True)
    assert link(world.office52) in html and old not in html
    assert "плакат" in html


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {
        "/api/v1/offices/{office_id}/qr.svg",
        "/api/v1/offices/{office_id}/poster.pdf",
        "/api/v1/regions/{region_id}/posters.pdf",
        "/api/v1/offices/{office_id}/survey-token",
        "/api/v1/regions/{region_id}/survey-responses.xlsx",
    } <= set(paths)
    assert "201" in paths["/api/v1/offices/{office_id}/survey-token"]["post"]["responses"]
    export = paths["/api/v1/regions/{region_id}/survey-responses.xlsx"]["get"]
    assert {p["name"] for p in export["parameters"] if p["in"] == "query"} == {
        "office_id",
        "from",
        "to",
    }
