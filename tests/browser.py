"""Browser tests drive Debian's chromium (never a downloaded browser). Without it, a developer's
`make test` leaves them out and says so in one line; CI (CXFLOW_REQUIRE_SERVICES=1) fails."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("CXFLOW_CHROMIUM", "/usr/bin/chromium")
# axe-core from the npm registry (package.json), installed into node_modules by `npm ci`
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if Path(CHROMIUM).exists():
        return None
    return f"browser tests skipped: {CHROMIUM} is not installed (apt-get install chromium)"


def axe_violations(page, impacts=SERIOUS) -> list[str]:
    """axe-core's violations of `impacts` on the page as it is now, one line each (rule, impact,
    the first offending elements). axe is run through the DevTools protocol, so the page's
    Content-Security-Policy (no inline or foreign script) stays on and is not in the way."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const found = await axe.run(document, {resultTypes: ["violations"]});
            return found.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}"
        for v in result
        if v["impact"] in impacts
    ]
