"""The customer-centricity index on the journey map in a real browser: the demo pilot of
region 52 shows, at its stages, the index values of its offices for the region's period (with
n), and the coordinator records one of them as a measurement of the stage."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.index.services import periods
from cxflow.orgs.models import Region
from tests.browser import axe_violations
from tests.helpers import pilot_tab

pytestmark = pytest.mark.e2e
NIZHNY = "Путь клиента: граждане с инвалидностью"
RESULT = "Получение результата"


@pytest.fixture
def index_period(live_app):
    """A period of region 52 over the demo's four weeks of answers (opened once)."""
    with live_app.app_context():
        region = db.session.scalar(sa.select(Region).where(Region.code == "52"))
        today = region_today(region.timezone)
        period = periods.open_period(region, today - dt.timedelta(days=27), today)
        db.session.commit()
        return period.start, period.end


def test_the_journey_map_shows_the_index_at_its_stages(
    page: Page, live_server, sign_in, index_period
):
    start, end = index_period
    sign_in(page, "coordinator@cxflow.local")
    page.goto(live_server + "/lang/en")
    page.goto(live_server + "/pilots/")
    page.get_by_role("link", name=NIZHNY).click()
    pilot_tab(page, "Journeys")
    page.get_by_role("link", name=re.compile("Путь клиента-инвалида")).click()

    lane = page.locator("#map-index")
    expect(lane.get_by_role("rowheader")).to_contain_text(f"{start:%d.%m.%Y}–{end:%d.%m.%Y}")
    information = lane.locator("td").nth(0)
    expect(information).to_contain_text("Поиск информации (guessed from the title)")
    result = lane.locator("td").nth(5)
    expect(result).to_contain_text(re.compile(r"% positive, n = \d{3}"))
    expect(result).to_contain_text("score")
    expect(lane.locator("td").nth(4)).to_contain_text("no index topic")
    assert axe_violations(page) == []

    card = page.locator("section.card", has_text=f"Stage 6. {RESULT}")
    card.get_by_role("button", name=re.compile("Record as a measurement of the stage")).click()
    expect(page.get_by_role("status").filter(has_text="recorded as a measurement")).to_be_visible()
    card = page.locator("section.card", has_text=f"Stage 6. {RESULT}")
    expect(card.get_by_role("link", name=re.compile("recorded as a measurement"))).to_be_visible()
    expect(card).to_contain_text("Индекс клиентоцентричности: ")  # the measurement's note
