"""Solution maps in a real browser: a coordinator adds a quick win to the demo map, delivers
it, records the measurement after it and sees the effect; a manager sees what is overdue; a
member finds solutions in the knowledge bank by another word form."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from cxflow.core.clock import region_today
from tests.e2e.conftest import DEMO_PASSWORD
from tests.helpers import pilot_tab

pytestmark = pytest.mark.e2e
NIZHNY = "Путь клиента: граждане с инвалидностью"


def _choose(page: Page, label: str, text: str) -> None:
    """Select the option of `label` whose text contains `text`."""
    select = page.get_by_label(label, exact=True)
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)


def test_a_coordinator_delivers_a_quick_win_and_sees_its_effect(page: Page, live_server, sign_in):
    today = region_today("Europe/Moscow")
    sign_in(page, "coordinator@cxflow.local")
    page.goto(live_server + "/lang/en")
    page.goto(live_server + "/pilots/")
    page.get_by_role("link", name=NIZHNY).click()
    pilot_tab(page, "Solution map")
    expect(page.get_by_role("heading", level=1)).to_have_text("Solution map")

    _choose(page, "Journey stage", "Оценка работы ЦЗН")
    page.get_by_label("Solution", exact=True).fill("Книга отзывов у выхода из ЦЗН (e2e)")
    page.get_by_label("Planned result", exact=True).fill("Отзывы собираются каждый день")
    page.get_by_label("In charge", exact=True).fill("Отдел по работе с клиентами")
    page.get_by_label("Due date", exact=True).fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_label("Tier", exact=True).select_option("quick_win")
    page.get_by_role("button", name="Add the solution").click()
    expect(page.get_by_role("status").filter(has_text="Solution added")).to_be_visible()

    row = page.locator("tr", has_text="Книга отзывов у выхода из ЦЗН (e2e)")
    row.get_by_role("button", name=re.compile("Mark delivered")).click()
    expect(row).to_contain_text("done")
    row.get_by_role("link", name="Книга отзывов у выхода из ЦЗН (e2e)").click()
    solution_url = page.url
    expect(page.locator("#effect")).to_contain_text("not measured yet")

    page.get_by_role("link", name="Add a measurement at this stage").click()
    page.get_by_label("Method", exact=True).select_option("questionnaire")
    page.get_by_label("Metric", exact=True).select_option("share_satisfied")
    page.get_by_label("Value", exact=True).fill("70")
    page.get_by_label("Sample size (n)").fill("50")
    page.get_by_label("Period from").fill(today.isoformat())
    page.get_by_label("Period to").fill(today.isoformat())
    page.get_by_role("button", name=re.compile("Save|Add")).click()

    page.goto(solution_url)
    _choose(page, "Measurement before", "61")
    _choose(page, "Measurement after", "n = 50")
    page.get_by_role("button", name="Save the measurements").click()
    effect = page.locator("#effect")
    expect(effect).to_contain_text("improved")
    expect(effect).to_contain_text("n = 50")
    expect(effect).to_contain_text("effective")
    history = page.get_by_role("table", name="Status changes")
    expect(history).to_contain_text("planned → done")
    page.screenshot(path="test-results/solution-effect.png", full_page=True)


def test_a_manager_sees_the_overdue_quick_wins_of_the_region(page: Page, live_server, sign_in):
    due = region_today("Europe/Moscow") - dt.timedelta(days=3)
    request = page.context.request
    token = request.post(
        live_server + "/api/v1/auth/token",
        data={"email": "coordinator@cxflow.local", "password": DEMO_PASSWORD},
    ).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    pilot = next(
        p
        for p in request.get(live_server + "/api/v1/pilots", headers=bearer).json()["items"]
        if p["title"] == NIZHNY
    )
    stage_id = request.get(
        live_server + f"/api/v1/pilots/{pilot['id']}/solutions", headers=bearer
    ).json()["items"][0]["stage_id"]
    created = request.post(
        live_server + f"/api/v1/pilots/{pilot['id']}/solutions",
        headers=bearer,
        data={
            "stage_id": stage_id,
            "solution": "Памятка о квотируемых рабочих местах (e2e)",
            "planned_result": "",
            "owner": "Отдел трудоустройства",
            "due_date": due.isoformat(),
            "quick_win": True,
        },
    )
    assert created.status == 201, created.text()

    sign_in(page, "manager@cxflow.local")
    menu = page.get_by_role("navigation", name="Главное меню")
    menu.get_by_role("button", name="Мониторинг").click()
    menu.get_by_role("link", name="Просроченные быстрые победы").click()
    row = page.locator("tr", has_text="Памятка о квотируемых рабочих местах (e2e)")
    expect(row).to_contain_text(due.strftime("%d.%m.%Y"))
    expect(row.locator("td").filter(has_text=re.compile(r"^3$"))).to_have_count(1)
    page.screenshot(path="test-results/overdue-quick-wins.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_member_finds_solutions_by_another_word_form(page: Page, sign_in):
    sign_in(page, "member@cxflow.local")
    page.get_by_role("navigation", name="Главное меню").get_by_role(
        "link", name="База знаний"
    ).click()
    page.get_by_label("Слова").fill("инвалид")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_role("status")).to_contain_text("Найдено решений")
    expect(page.locator("main")).to_contain_text("инвалидов")
