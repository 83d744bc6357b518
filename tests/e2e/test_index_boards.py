"""The index boards in a real browser under the strict CSP (issue #16): the office chart is
drawn by the site's script from the canvas's data-chart attribute, another office is chosen
from the form, and axe-core finds no serious or critical violation on the federal board, the
comparison table and the region board."""

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, AnnulmentAction
from cxflow.index.services import periods
from cxflow.orgs.models import Office, Region
from tests.browser import axe_violations
from tests.index.test_index_scores import respond

pytestmark = pytest.mark.e2e

START, END = dt.date(2022, 4, 25), dt.date(2022, 5, 6)


@pytest.fixture(scope="module")
def campaign(live_app):
    """Regions 52 and 18 of the demo: a 2021 baseline and the 2022 campaign with answers in
    their first two offices, the second office of 52 annulled."""
    with live_app.app_context():
        found = {}
        for code in ("52", "18"):
            region = db.session.scalar(sa.select(Region).filter_by(code=code))
            offices = list(
                db.session.scalars(
                    sa.select(Office).filter_by(region_id=region.id).order_by(Office.id).limit(2)
                )
            )
            periods.open_period(region, dt.date(2021, 10, 1), dt.date(2021, 10, 14))
            campaign = periods.choose(region, START, END, ["vacancy_dynamics"])
            respond(offices[0], 10, day=dt.date(2021, 10, 1), q10=9)
            respond(offices[0], 12, day=START, q10=9, q11=9, q1=10)
            respond(offices[1], 10, day=END, q10=8, q5=9, respondent="employer")
            if code == "52":
                db.session.add(
                    Annulment(
                        region_id=region.id,
                        office=offices[1],
                        period_id=campaign.id,
                        action=AnnulmentAction.annul,
                        reason="фото не соответствуют действительности",
                    )
                )
            found[code] = (region.id, offices[0].id, offices[1].id, offices[1].name)
        db.session.commit()
        return found


@pytest.fixture
def csp_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def test_the_office_chart_is_drawn_and_another_office_can_be_chosen(
    page: Page, live_server, sign_in, campaign, csp_violations
):
    region_id, _first, second, _name = campaign["52"]
    sign_in(page, "consultant@cxflow.local")
    page.goto(f"{live_server}/regions/{region_id}/index/board?on=2022-05-01")
    expect(page.get_by_role("heading", name="ЦЗН в сравнении с регионом")).to_be_visible()
    canvas = page.locator("#index-office-chart")
    expect(canvas).to_be_attached()
    labels = canvas.evaluate("c => Chart.getChart(c).data.datasets.map(d => d.label)")
    assert labels == ["ЦЗН", "Регион (среднее по ЦЗН)", "ЦЗН, предыдущий период"]
    page.get_by_label("ЦЗН", exact=True).select_option(str(second))
    page.get_by_role("button", name="Показать").last.click()
    expect(page.get_by_text("Баллы ЦЗН за период аннулированы (0).")).to_be_visible()
    assert f"office={second}" in page.url
    expect(page.locator(f'tr[data-office="{second}"] .badge')).to_have_text("аннулирован")
    assert axe_violations(page) == []
    assert csp_violations == []


def test_the_federal_board_and_the_comparison_table_are_accessible(
    page: Page, live_server, sign_in, campaign, csp_violations
):
    sign_in(page, "consultant@cxflow.local")
    page.goto(f"{live_server}/index/board?on=2022-05-01")
    expect(page.get_by_role("heading", name="Децентрализованная сеть")).to_be_visible()
    row = page.locator('#index-board-decentralized tr[data-region="52"]')
    expect(row).to_contain_text("аннулирован")
    expect(row).to_contain_text(campaign["52"][3])
    assert axe_violations(page) == []
    page.get_by_role("link", name="Сравнительная таблица показателей").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Сравнительная таблица оценки показателей клиентоцентричности"
    )
    assert page.locator('#index-comparison th[data-region="18"]').count() == 1
    assert axe_violations(page) == []
    assert csp_violations == []
