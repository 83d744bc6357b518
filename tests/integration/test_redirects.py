"""Every redirect to a target the client sent (`next`, the referrer) stays on this site: what a
browser would read as another host, or a header cannot carry, sends to the page's default."""

import pytest

from cxflow.core.extensions import db
from cxflow.solutions.models import Solution
from tests.conftest import PASSWORD

# Browsers drop tabs and newlines inside a URL and read "\\" as "/".
OFF_SITE = [
    "//evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "https://evil.example/",
    "/\r\nSet-Cookie: x=1",
    "javascript:alert(1)",
    " /\t/evil.example/",
    "/x\x7fy",  # a control character (NUL never gets this far: cxflow.core.inputs drops it)
]


def _publish(client, solution, target: str):
    db.session.refresh(solution)
    data = {"published": "true", "version": solution.version, "next": target}
    return client.post(f"/knowledge-bank/{solution.id}/publish", data=data)


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_publish_button_never_leaves_the_site(client, auth, world, bank, target):
    auth.login(world.regional_coordinator)
    response = _publish(client, bank.own, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/knowledge-bank"
    assert db.session.get(Solution, bank.own.id).published is True  # done once, sent home


def test_the_publish_button_goes_back_to_a_page_of_this_site(client, auth, world, bank):
    auth.login(world.regional_coordinator)
    back = "/knowledge-bank?q=%D0%BF%D0%B0%D0%BC%D1%8F%D1%82%D0%BA%D0%B0&region_code=52"
    assert _publish(client, bank.own, back).headers["Location"] == back


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_never_leaves_the_site(client, world, target):
    credentials = {"email": world.manager.email, "password": PASSWORD}
    response = client.post("/auth/login", query_string={"next": target}, data=credentials)
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [t for t in OFF_SITE if "\n" not in t])  # no header has one
def test_the_language_switch_never_leaves_the_site(client, target):
    referrer = "http://localhost" + target if target.startswith("/") else target
    response = client.get("/lang/en", headers={"Referer": referrer})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_the_language_switch_goes_back_to_the_page(client):
    response = client.get("/lang/en", headers={"Referer": "http://localhost/offices?page=2"})
    assert response.headers["Location"] == "/offices?page=2"
