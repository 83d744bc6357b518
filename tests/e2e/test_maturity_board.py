"""The federal maturity board in a real browser under the strict CSP: the radar chart is
drawn by the site's script from the canvas's data-chart attribute, nothing is blocked."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_radar_chart_is_drawn_and_breaks_no_rule_of_the_csp(page: Page, live_server, sign_in):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, "consultant@cxflow.local")
    page.goto(live_server + "/reports/maturity")
    expect(page.get_by_role("heading", name="Зрелость регионов")).to_be_visible()
    canvas = page.locator("#maturity-radar")
    expect(canvas).to_be_attached()
    labels = canvas.evaluate("canvas => Chart.getChart(canvas).data.datasets.map(d => d.label)")
    assert any(label.startswith("52 ") for label in labels)
    page.get_by_role("link", name="Оценка", exact=True).click()
    assert page.url.endswith("?sort=score")
    assert violations == []
