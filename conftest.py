"""Project-wide pytest hooks (fixtures are in tests/conftest.py)."""

import os

import pytest

from tests.browser import missing_reason

_missing_browser = missing_reason()
collect_ignore = ["tests/e2e"] if _missing_browser else []


def pytest_configure(config):
    if _missing_browser and os.environ.get("CXFLOW_REQUIRE_SERVICES"):
        raise pytest.UsageError(f"{_missing_browser}, and CXFLOW_REQUIRE_SERVICES is set")


def pytest_terminal_summary(terminalreporter):
    if _missing_browser:
        terminalreporter.write_line(_missing_browser)
