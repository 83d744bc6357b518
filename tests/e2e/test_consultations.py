"""A member asks the centre in a real browser; a consultant answers; the member is notified."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.e2e


def test_question_answer_and_notification(page: Page, browser: Browser, live_server, sign_in):
    sign_in(page, "member@cxflow.local")
    page.goto(live_server + "/consultations/new")
    page.get_by_label("Тематика").fill("Портрет клиента")
    page.get_by_label("Вопрос", exact=True).fill("Сколько портретов нужно для пилота?")
    page.get_by_role("button", name="Отправить").click()
    expect(page.get_by_role("status")).to_contain_text("Вопрос отправлен")
    question_url = page.url

    consultant = browser.new_context().new_page()
    sign_in(consultant, "consultant@cxflow.local")
    expect(consultant.get_by_role("link", name=re.compile("^Уведомления"))).to_contain_text("(1")
    consultant.goto(question_url)
    consultant.get_by_role("textbox", name="Ответ", exact=True).fill(
        "Достаточно одного портрета целевой группы."
    )
    consultant.get_by_role("button", name="Отправить ответ").click()
    expect(consultant.get_by_role("status")).to_contain_text("Ответ сохранён")

    page.reload()
    expect(page.get_by_text("Достаточно одного портрета целевой группы.")).to_be_visible()
    notifications = page.get_by_role("link", name=re.compile("^Уведомления"))
    expect(notifications).to_contain_text("(1")
    notifications.click()
    expect(page.get_by_role("main")).to_contain_text("На ваш вопрос получен ответ")
