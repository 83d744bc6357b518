"""The public survey in a real browser (issue #15, "done when"): a client completes the seeker
questionnaire with the keyboard alone (Tab, Space, Enter) and the office's count rises; axe-core
finds no serious or critical violation on the start, form (also with errors shown) and thanks
pages; nothing breaks the CSP; at 320 CSS px (400 % zoom) nothing scrolls sideways."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from cxflow.core.extensions import db
from cxflow.index.models.surveys import SurveyResponse
from cxflow.orgs.models import Office
from tests.browser import axe_violations

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(live_app):
    """An office of the demo (id, survey link) and a way to count its stored answers."""
    with live_app.app_context():
        found = db.session.scalars(sa.select(Office).order_by(Office.id)).first()
        token, office_id = found.survey_token, found.id

    def count() -> int:
        with live_app.app_context():
            stmt = sa.select(sa.func.count()).where(
                SurveyResponse.office_id == office_id, SurveyResponse.counted
            )
            return db.session.scalar(stmt)

    return type("SurveyOffice", (), {"token": token, "count": staticmethod(count)})


@pytest.fixture
def csp_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


@pytest.fixture
def patient_client(live_app):
    """The too-fast rule off: the test fills the form in a second, a client takes minutes."""
    before = live_app.config["SURVEY_MIN_SECONDS"]
    live_app.config["SURVEY_MIN_SECONDS"] = 0
    yield
    live_app.config["SURVEY_MIN_SECONDS"] = before


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            const group = e.name ? document.querySelectorAll(`[name="${CSS.escape(e.name)}"]`) : [];
            return {
                tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "",
                text: (e.textContent || "").trim(),
                answered: Array.from(group).some((i) => i.checked),
            };
        }"""
    )


def _complete_by_keyboard(page: Page) -> int:
    """Tab through the form; Space on each question left unanswered; Enter on «send»."""
    for presses in range(1, 400):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["type"] in ("radio", "checkbox") and not focused["answered"]:
            page.keyboard.press("Space")
        elif focused["tag"] == "button" and focused["type"] == "submit":
            page.keyboard.press("Enter")
            return presses
    raise AssertionError("the send button was never reached with Tab")


def test_a_seeker_completes_the_survey_by_keyboard_alone(
    page: Page, live_server, office, patient_client, csp_violations
):
    before = office.count()
    page.goto(f"{live_server}/s/{office.token}")
    for _ in range(20):  # past the skip link and the settings to the first choice
        page.keyboard.press("Tab")
        if _focused(page)["text"] == "Я ищу работу (соискатель)":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Опрос")
    # a focused scale option shows where the focus is
    page.keyboard.press("Tab")
    _complete_by_keyboard(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Спасибо!")
    assert office.count() == before + 1
    assert csp_violations == []


def test_the_focus_is_visible_on_a_scale_option(page: Page, live_server, office):
    page.goto(f"{live_server}/s/{office.token}/seeker")
    page.locator("#answers-q1-1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard: :focus-visible
    outline = page.locator("label[for='answers-q1-1']").evaluate(
        "label => getComputedStyle(label).outlineStyle"
    )
    assert outline == "solid"
    expect(page.locator("#answers-q1-1")).to_be_checked()


def test_no_serious_or_critical_violations_on_the_survey_pages(
    page: Page, live_server, office, csp_violations
):
    start = f"{live_server}/s/{office.token}"
    page.goto(start)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Я представляю работодателя").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Отправить ответы").click()  # nothing answered
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    assert axe_violations(page) == []
    page.goto(f"{live_server}/s/{office.token}/seeker")
    assert axe_violations(page) == []
    page.goto(f"{start}/thanks?kiosk=1")
    assert axe_violations(page) == []
    page.goto(f"{live_server}/s/no-such-token")
    assert axe_violations(page) == []
    assert csp_violations == []


def test_an_error_link_moves_to_its_question(page: Page, live_server, office):
    page.goto(f"{live_server}/s/{office.token}/seeker")
    page.get_by_role("button", name="Отправить ответы").click()
    page.locator("#error-summary a").first.click()
    expect(page.locator("#answers-q1-1")).to_be_focused()


@pytest.mark.parametrize("large_text", [False, True])
def test_nothing_scrolls_sideways_at_320_css_pixels(page: Page, live_server, office, large_text):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server}/s/{office.token}")
    if large_text:
        page.get_by_role("link", name="Крупный шрифт").click()
        expect(page.locator("html")).to_have_class("text-large")
    for path in ("", "/seeker", "/employer", "/thanks"):
        page.goto(f"{live_server}/s/{office.token}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path or '/'}: {width}px wide"
        size = page.locator("label[for='answers-q1-1']")
        if path in ("/seeker", "/employer"):
            box = size.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44
