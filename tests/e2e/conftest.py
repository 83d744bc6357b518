"""A live cxflow on a thread (file SQLite, CSRF on, demo data) and Debian's chromium."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.browser import CHROMIUM
from tests.helpers import demo_app

DEMO_PASSWORD = "e2e-demo-password"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app the live server runs (a test reads its database in `live_app.app_context()`)."""
    database = tmp_path_factory.mktemp("e2e") / "cxflow.sqlite3"
    return demo_app(database, DEMO_PASSWORD, WTF_CSRF_ENABLED=True)


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def sign_in(live_server):
    """`sign_in(page, email, password=DEMO_PASSWORD)`: a browser page signs in through the form."""

    def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(live_server + "/")
        page.get_by_label("Электронная почта").fill(email)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").click()

    return sign_in
