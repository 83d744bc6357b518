"""The pages work under the strict CSP in a real browser: nothing is blocked, and the roadmap
timeline, placed by the site's script, still shows its bars where they belong."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_roadmap_page_breaks_no_rule_of_the_csp(page: Page, live_server, sign_in):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, "coordinator@cxflow.local")
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Пилоты").click()
    page.locator("main table a").first.click()
    bars = page.locator(".timeline-bar")
    expect(bars.first).to_be_attached()
    lefts = bars.evaluate_all("bars => bars.map(bar => bar.style.left)")
    assert all(left.endswith("%") for left in lefts) and len(set(lefts)) > 1
    padding = page.locator(".roadmap td.indent-1").first.evaluate(
        "cell => getComputedStyle(cell).paddingLeft"
    )
    assert padding != "4px"  # indented past the table's own .25rem
    assert violations == []
