"""The index pages in a real browser under the strict CSP (issue #16): the checklist counts its
points as a member ticks (app.js, from the form's data attributes), saves with the server's
score, and the catalogue, period and checklist pages have no serious axe-core violation."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from cxflow.core.extensions import db
from cxflow.index.models.index import IndexPeriod
from cxflow.orgs.models import Office, Region
from tests.browser import axe_violations

pytestmark = pytest.mark.e2e


@pytest.fixture
def pilot(live_app):
    """Region 52's managing office and its latest period in the demo."""
    with live_app.app_context():
        region = db.session.scalar(sa.select(Region).where(Region.code == "52"))
        office = db.session.scalar(
            sa.select(Office).where(Office.region_id == region.id, Office.is_managing_office)
        )
        period = db.session.scalar(
            sa.select(IndexPeriod)
            .where(IndexPeriod.region_id == region.id)
            .order_by(IndexPeriod.start.desc())
        )
        return type("Pilot", (), {"region": region.id, "office": office.id, "period": period.id})


@pytest.fixture
def csp_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def test_points_follow_the_ticks_and_the_server_saves_its_own(
    page: Page, live_server, sign_in, pilot, csp_violations
):
    sign_in(page, "member@cxflow.local")
    page.goto(
        f"{live_server}/offices/{pilot.office}/index/checklists/staff_appearance?period={pilot.period}"
    )
    boxes = page.locator("input[name$='.implemented']")
    for n in range(boxes.count()):  # start from nothing ticked
        boxes.nth(n).uncheck()
    output = page.locator("#checklist-points")
    expect(output).to_have_text("0")
    page.get_by_label("Ссылка на подтверждающий документ").first.fill(
        "https://czn52.example/uniform.jpg"
    )
    boxes.nth(0).check()
    expect(output).to_have_text("0,2")
    page.locator("#items-3-evidence_url").fill("https://czn52.example/hair.jpg")
    boxes.nth(3).check()
    expect(output).to_have_text("0,4")
    page.get_by_role("button", name="Сохранить чек-лист").click()
    expect(page.get_by_text("Сохранено: 0,4 из 1 баллов.")).to_be_visible()
    expect(page.locator("#saved-score")).to_contain_text("0,4 из 1")
    # a ticked parameter without evidence: refused by the server, named on the page
    page.locator("#items-1-evidence_url").fill("")
    page.locator("#items-1-implemented").check()
    expect(output).to_have_text("0,6")
    page.get_by_role("button", name="Сохранить чек-лист").click()
    expect(page.locator("#error-summary")).to_contain_text("Укажите ссылку или приложите фото")
    assert csp_violations == []


def test_comfort_and_vacancies_count_live(page: Page, live_server, sign_in, pilot):
    sign_in(page, "coordinator@cxflow.local")
    page.goto(
        f"{live_server}/offices/{pilot.office}/index/checklists/comfort?period={pilot.period}"
    )
    boxes = page.locator("input[data-level]")
    for n in range(boxes.count()):
        boxes.nth(n).uncheck()
    expect(page.locator("#checklist-points")).to_have_text("0")
    level3 = page.locator("input[data-level='3']")
    for n in range(level3.count()):
        level3.nth(n).check()
    expect(page.locator("#checklist-points")).to_have_text("0,75")


@pytest.mark.parametrize(
    "path",
    [
        "/index/indicators",
        "/index/indicators/comfort",
        "/regions/{region}/index/periods",
        "/regions/{region}/index/periods/{period}",
        "/offices/{office}/index/checklists?period={period}",
        "/offices/{office}/index/checklists/comfort?period={period}",
        "/offices/{office}/index/checklists/prebooking?period={period}",
    ],
)
def test_the_index_pages_have_no_serious_accessibility_violation(
    page: Page, live_server, sign_in, pilot, path, csp_violations
):
    sign_in(page, "coordinator@cxflow.local")
    page.goto(
        live_server + path.format(region=pilot.region, period=pilot.period, office=pilot.office)
    )
    expect(page.locator("h1")).to_be_visible()
    assert axe_violations(page) == []
    assert csp_violations == []
