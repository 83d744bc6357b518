"""Browser tests drive Debian's chromium (never a downloaded browser). Without it, a developer's
`make test` leaves them out and says so in one line; CI (CXFLOW_REQUIRE_SERVICES=1) fails."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("CXFLOW_CHROMIUM", "/usr/bin/chromium")


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if Path(CHROMIUM).exists():
        return None
    return f"browser tests skipped: {CHROMIUM} is not installed (apt-get install chromium)"
