"""A person signs in with a real browser, keyboard first, and sees what the role may see."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_wrong_password_is_announced_next_to_the_field(page: Page, sign_in):
    sign_in(page, "coordinator@cxflow.local", "wrong")
    expect(page.get_by_role("alert")).to_contain_text("Неверный адрес электронной почты или пароль")
    password = page.get_by_label("Пароль")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", "password-error")


def test_coordinator_sees_own_region_only(page: Page, sign_in):
    sign_in(page, "coordinator@cxflow.local")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте")
    menu = page.get_by_role("navigation", name="Главное меню")
    expect(menu.get_by_role("link", name="Пользователи")).to_have_count(0)
    menu.get_by_role("button", name="Справочники").click()
    menu.get_by_role("link", name="ЦЗН", exact=True).click()
    expect(page).to_have_url(re.compile(r"/offices$"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    for code in rows.locator("td:first-child").all_inner_texts():
        assert code == "52"
    page.screenshot(path="test-results/offices-coordinator.png", full_page=True)


def test_admin_creates_a_user_through_the_form(page: Page, sign_in):
    sign_in(page, "admin@cxflow.local")
    menu = page.get_by_role("navigation", name="Главное меню")
    menu.get_by_role("button", name="Справочники").click()
    menu.get_by_role("link", name="Пользователи").click()
    page.get_by_role("link", name="Новый пользователь").click()
    page.get_by_label("Электронная почта").fill("analyst@cxflow.local")
    page.get_by_label("ФИО").fill("Сидорова Анна")
    page.get_by_label("Роль", exact=True).select_option("manager")
    page.get_by_label("Начальный пароль").fill("long-enough-1")
    page.get_by_role("button", name="Сохранить").click()
    # a regional role without a region: the error names the field and the form keeps the input
    expect(page.locator("#region_id-error")).to_contain_text("Выберите регион пользователя")
    expect(page.get_by_label("ФИО")).to_have_value("Сидорова Анна")
    page.get_by_label("Регион").select_option(label="74 Челябинская область")
    page.get_by_label("Начальный пароль").fill("long-enough-1")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_contain_text("Пользователь создан")
    expect(page.get_by_role("cell", name="analyst@cxflow.local")).to_be_visible()


def test_skip_link_and_language_switch(page: Page, live_server):
    page.goto(live_server + "/no-such-page")  # a page without an autofocused field
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Перейти к содержанию")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.goto(live_server + "/auth/login")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
