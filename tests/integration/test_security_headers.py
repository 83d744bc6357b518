"""Security headers on every response (pages, API, error pages), Secure cookies from a setting,
and templates that need no inline code, so the strict CSP breaks nothing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cxflow.app import create_app
from cxflow.core.extensions import db
from tests import factories
from tests.conftest import PASSWORD
from tests.helpers import config_with

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _assert_secure_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_page_has_the_security_headers(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    _assert_secure_headers(response)


def test_an_api_response_has_the_security_headers(world, api):
    response = api.as_(world.manager).get("/api/v1/auth/me")
    assert response.status_code == 200
    _assert_secure_headers(response)
    _assert_secure_headers(api.client.get("/api/v1/auth/me"))  # the 401 too


def test_error_pages_have_the_security_headers(world, client, auth):
    auth.login(world.manager)
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "text/html" in response.content_type
    _assert_secure_headers(response)


def test_an_unexpected_error_has_the_security_headers():
    app = create_app(config_with(PROPAGATE_EXCEPTIONS=False))

    def boom():
        raise RuntimeError("boom")

    boom._cxflow_public = True
    app.add_url_rule("/boom", "boom_page", boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    _assert_secure_headers(response)


def _session_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_cookies_are_not_secure_by_default(world, client):
    """`make run` serves plain http: a Secure cookie would never come back."""
    response = client.post("/auth/login", data={"email": world.manager.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Strict-Transport-Security" not in response.headers


@pytest.fixture
def https_app(tmp_path):
    """CXFLOW_SECURE_COOKIES=1: served over HTTPS."""
    database = f"sqlite:///{tmp_path / 'https.sqlite3'}"
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=database, SECURE_COOKIES=True))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_the_setting_makes_cookies_secure(https_app):
    user = factories.UserFactory(role="admin", region=None)
    db.session.commit()
    client = https_app.test_client()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert response.headers["Strict-Transport-Security"] == "max-age=31556926"
    assert client.get("/", base_url="https://localhost").status_code == 200


@pytest.mark.parametrize(("value", "secure"), [("1", "True"), ("", "False")])
def test_the_setting_is_read_from_the_environment(value, secure):
    """A process of its own: the settings are read once, when cxflow.config is imported."""
    result = subprocess.run(
        [sys.executable, "-c", "from cxflow.config import Config; print(Config.SECURE_COOKIES)"],
        env={**os.environ, "CXFLOW_SECURE_COOKIES": value},
        cwd=TEMPLATES.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == secure


# What a strict CSP blocks: inline scripts, style attributes and elements, event handlers.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


def test_templates_need_no_inline_code():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:80]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE_CODE.search(line)
    ]
    assert found == []
