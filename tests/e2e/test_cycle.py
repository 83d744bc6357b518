"""A working group takes a new pilot through the CX cycle in a real browser, from the
working group to the solution map; each refused step says what is missing."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import pilot_tab

pytestmark = pytest.mark.e2e
JOB_SEARCH = "Содействие гражданам в поиске подходящей работы"


def _advance(page: Page, stage: str) -> None:
    pilot_tab(page, "CX cycle")
    page.get_by_role("button", name="Go to the next stage").click()
    expect(page.locator("#next-heading")).to_have_text(f"Now: {stage}")


def test_a_working_group_goes_from_working_group_to_solution_map(
    page: Page, live_server, tmp_path, sign_in
):
    sign_in(page, "coordinator@cxflow.local")
    page.goto(live_server + "/lang/en")
    page.goto(live_server + "/pilots/new")
    page.get_by_label("Title").fill("Путь клиента: молодые родители")
    page.get_by_label("Direction").select_option("journey")
    page.get_by_label("Roadmap template").select_option("journey-2021")
    page.get_by_label("Start date").fill("2026-09-01")
    page.get_by_role("button", name="Create").click()

    # A refused step names everything that is missing.
    pilot_tab(page, "CX cycle")
    expect(page.locator(".cycle-step")).to_have_count(9)
    page.get_by_role("button", name="Go to the next stage").click()
    alert = page.get_by_role("status").filter(has_text="Cannot")
    expect(alert).to_contain_text("At least one working-group member (now 0)")
    expect(alert).to_contain_text("launching order")

    pilot_tab(page, "Working group")
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Full name").fill("Садулина Арина Михайловна")
    page.get_by_label("Organisation").fill("Управление по труду и занятости")
    page.get_by_label("Representative of the target group").check()
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_role("cell", name="Садулина Арина Михайловна")).to_be_visible()

    pilot_tab(page, "Roadmap")
    page.get_by_text("Attach a document").click()
    page.get_by_label("Kind of document").select_option("order")
    order = tmp_path / "Приказ о пилоте.pdf"
    order.write_bytes(b"%PDF-1.4 e2e order")
    page.get_by_label("File").set_input_files(str(order))
    page.get_by_role("button", name="Attach", exact=True).click()
    _advance(page, "Target group and KPIs")

    pilot_tab(page, "Client KPIs")
    page.get_by_label("Target group", exact=True).fill("Молодые родители")
    page.get_by_label("Public service from the catalogue").select_option(label=JOB_SEARCH)
    page.get_by_role("button", name="Save the target group and service").click()
    page.get_by_label("Group", exact=True).select_option("effort")
    page.get_by_label("Indicator", exact=True).fill("Время на получение услуги")
    page.get_by_label("Unit", exact=True).fill("мин.")
    page.get_by_role("button", name=re.compile("Add")).click()
    expect(page.get_by_role("cell", name="Время на получение услуги")).to_be_visible()
    _advance(page, "Client profile")

    pilot_tab(page, "Client profiles")
    page.get_by_role("link", name="New profile").click()
    page.get_by_label("Title").fill("Ольга, 37 лет")
    page.get_by_label("Pains and difficulties").fill(
        "Нет времени ходить в ЦЗН\nНе с кем оставить ребёнка"
    )
    page.get_by_role("button", name=re.compile("Save|Create")).click()
    expect(page.get_by_text("Не с кем оставить ребёнка")).to_be_visible()
    _advance(page, "Client journey")

    pilot_tab(page, "Journeys")
    page.get_by_label("Title").fill("Поиск работы молодой мамой")
    page.get_by_label("Service from the catalogue").select_option(label=JOB_SEARCH)
    page.get_by_label("Stages", exact=True).fill(
        "Поиск информации\nПодача заявления\nПодбор вакансий"
    )
    page.get_by_role("button", name="Create the journey").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Поиск работы молодой мамой")
    page.get_by_role("link", name=re.compile("Add a pain point.*Поиск информации")).click()
    page.get_by_label("Pain point").fill("Информация о пособиях разбросана по сайтам")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    _advance(page, "Measurements")

    pilot_tab(page, "Journeys")
    page.get_by_role("link", name="Поиск работы молодой мамой").click()
    page.get_by_role("link", name=re.compile("Add a measurement.*Поиск информации")).click()
    page.get_by_label("Method", exact=True).select_option("exit_poll")
    page.get_by_label("Metric", exact=True).select_option("mean_score")
    page.get_by_label("Lowest value of the scale").fill("1")
    page.get_by_label("Highest value of the scale").fill("5")
    page.get_by_label("Value", exact=True).fill("3,4")
    page.get_by_label("Sample size (n)").fill("40")
    page.get_by_label("Period from").fill("2026-10-01")
    page.get_by_label("Period to").fill("2026-10-31")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_text("3.4 on 1–5, n = 40").first).to_be_visible()
    _advance(page, "Solution map")

    history = page.get_by_role("table", name="Stage changes")
    expect(history.locator("tbody tr")).to_have_count(5)
    page.screenshot(path="test-results/cx-cycle.png", full_page=True)


def test_a_member_reads_the_demo_journey_map(page: Page, live_server, sign_in):
    sign_in(page, "member@cxflow.local")
    page.goto(live_server + "/pilots/")
    page.get_by_role("link", name="Путь клиента: граждане с инвалидностью").click()
    pilot_tab(page, "Пути клиентов")
    page.get_by_role("link", name=re.compile("^Путь клиента-инвалида")).click()
    journey_map = page.locator("table").first
    expect(journey_map.locator("thead th")).to_have_count(8)  # the lane column + 7 stages
    expect(journey_map).to_contain_text("61%, n = не указано в источнике")
    expect(page.locator("main")).to_contain_text("2,6")  # the 1–3 score, in the stage's list
    # The wide map scrolls inside its box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.screenshot(path="test-results/journey-map.png", full_page=True)
