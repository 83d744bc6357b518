"""A coordinator runs a roadmap in a real browser: create, attach, approve, progress, export."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_coordinator_runs_a_roadmap(page: Page, tmp_path, sign_in):
    sign_in(page, "coordinator@cxflow.local")
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Пилоты").click()
    page.get_by_role("link", name="Новый пилот").click()
    page.get_by_label("Наименование").fill("Индекс клиентоцентричности 2026")
    page.get_by_label("Направление").select_option("index")
    page.get_by_label("Шаблон дорожной карты").select_option("index-2022")
    page.get_by_label("Дата начала").fill("2026-04-01")
    page.get_by_role("button", name="Создать").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Индекс клиентоцентричности 2026")
    # App. 3's seven lines and App. 1 items 2–4, optional
    expect(page.locator("tbody tr")).to_have_count(10)
    expect(page.locator("tbody tr").filter(has_text="необязательная строка")).to_have_count(3)

    # approval is blocked until the meeting that approved the roadmap is recorded
    approval = page.locator("#approval")
    expect(approval).to_contain_text("на котором утверждена дорожная карта")
    page.get_by_role("navigation", name="Разделы пилота").get_by_role(
        "link", name="Рабочая группа"
    ).click()
    page.get_by_role("link", name="Добавить совещание").click()
    page.get_by_label("Дата совещания").fill("2026-04-06")
    page.get_by_label("Протокол", exact=True).fill("Утвердили дорожную карту пилота")
    page.get_by_label("На этом совещании утверждена дорожная карта").check()
    protocol = tmp_path / "Протокол РГ №1.pdf"
    protocol.write_bytes(b"%PDF-1.4 e2e")
    page.get_by_label("Подписанный протокол (файл)").set_input_files(str(protocol))
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("утвердило дорожную карту")).to_be_visible()
    page.get_by_role("navigation", name="Разделы пилота").get_by_role(
        "link", name="Дорожная карта"
    ).click()
    page.get_by_role("button", name="Утвердить дорожную карту").click()
    expect(approval).to_contain_text("утверждена")
    # the approval closes the programme's line «утверждение дорожной карты» (App. 1 item 3)
    expect(page.locator("tbody tr").filter(has_text="Формирование и утверждение")).to_contain_text(
        "выполнено"
    )

    # the first activity is done; the rest stay planned
    first = page.locator("tbody tr").first
    first.get_by_role("button", name=re.compile("Отметить выполненным")).click()
    expect(page.locator("tbody tr").first).to_contain_text("выполнено")

    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать дорожную карту (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.screenshot(path="test-results/pilot-index-2022.png", full_page=True)
