"""The index pages in a real browser under the strict CSP (issue #16, "done when": a consultant
verifies a sample and annuls an office, and every board shows it): the office index, the
region index, a draw of a sample, a refuted parameter and the annulment from the sample page;
axe-core finds no serious or critical violation on any of them."""

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, Checklist, IndexPeriod, VerificationSample
from cxflow.index.services import checklists, periods
from cxflow.index.services.checklists import ItemInput
from cxflow.orgs.models import Office, Region
from tests.browser import axe_violations

pytestmark = pytest.mark.e2e

# dates of no demo period, so the sample can only draw this test's checklist
START, END = dt.date(2021, 3, 1), dt.date(2021, 3, 14)


@pytest.fixture
def index_period(live_app):
    """A period of region 52 with one office's staff-appearance checklist filed; removed
    afterwards with everything that hangs on it (the live app is shared by every e2e test)."""
    with live_app.app_context():
        region = db.session.scalar(sa.select(Region).where(Region.code == "52"))
        office = db.session.scalars(
            sa.select(Office).where(Office.region_id == region.id).order_by(Office.id)
        ).first()
        found = periods.choose(region, START, END, ["staff_appearance"])
        items = [
            ItemInput(code, True, f"https://czn.example/photo/{code}")
            for code in ("uniform", "accessories", "hair")
        ]
        checklists.save(office, found, "staff_appearance", items, None, None)
        db.session.commit()
        ids = {
            "region": region.id,
            "office": office.id,
            "office_name": office.name,
            "period": found.id,
        }
    yield type("Ids", (), ids)
    with live_app.app_context():
        period_id = ids["period"]
        for model in (Annulment, VerificationSample):
            db.session.execute(sa.delete(model).where(model.period_id == period_id))
        for checklist in db.session.scalars(
            sa.select(Checklist).where(Checklist.period_id == period_id)
        ):
            db.session.delete(checklist)
        db.session.delete(db.session.get(IndexPeriod, period_id))
        db.session.commit()


def test_a_consultant_verifies_a_sample_and_annuls_the_office(
    page: Page, live_server, sign_in, index_period
):
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in(page, "consultant@cxflow.local")
    period = index_period.period
    page.goto(f"{live_server}/regions/{index_period.region}/index?period={period}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Индекс клиентоцентричности")
    assert axe_violations(page) == []

    page.goto(f"{live_server}/regions/{index_period.region}/index/verification?period={period}")
    assert axe_violations(page) == []
    page.get_by_label("Количество чек-листов").fill("1")
    page.get_by_role("button", name="Выбрать").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Выборка №")
    assert axe_violations(page) == []

    expect(page.get_by_text("Внешний вид сотрудников").first).to_be_visible()
    row = page.locator('tr[data-code="uniform"]')
    row.get_by_label("опровергнуто").check()
    row.get_by_role("textbox").fill("на фото нет формы")
    page.get_by_role("button", name="Сохранить заключения").click()
    expect(page.get_by_text("Заключения сохранены")).to_be_visible()
    expect(page.locator('tr[data-code="uniform"]')).to_have_class("table-danger")

    page.get_by_role("button", name="Аннулировать баллы ЦЗН").click()
    expect(page.get_by_text("Все баллы ЦЗН за период аннулированы.")).to_be_visible()
    expect(page.get_by_text("за этот период аннулированы: на фото нет формы")).to_be_visible()

    page.goto(f"{live_server}/offices/{index_period.office}/index?period={period}")
    banner = page.locator("#annulled")
    expect(banner).to_contain_text("на фото нет формы")
    expect(page.locator("#office-total")).to_contain_text("0")
    assert axe_violations(page) == []
    page.goto(f"{live_server}/regions/{index_period.region}/index?period={period}")
    expect(page.locator(f'tr[data-office="{index_period.office}"]')).to_contain_text("аннулировано")
    assert violations == []
