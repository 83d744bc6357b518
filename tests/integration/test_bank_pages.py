"""Knowledge bank pages: search with filters, what each region sees, the publish button,
similar solutions next to a pain point, copying into a map; a fixed number of queries."""

import datetime as dt
import re

import pytest

from cxflow.core.extensions import db
from cxflow.solutions.models import Solution
from tests import factories
from tests.helpers import add_solution, before_and_after, page_html


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


# --- search ---------------------------------------------------------------------------------


def test_bank_page_shows_own_and_published_solutions(client, auth, world, bank):
    auth.login(world.manager)
    html = page_html(client, "/knowledge-bank?q=инвалид")
    assert "Памятка для инвалидов" in html
    assert "Информационная памятка для инвалидов и освободившихся" in html
    assert "Закрытая памятка" not in html
    assert 'role="status"' in html and re.search(r'role="status">[^<]*2', html)
    assert 'for="bank-q"' in html and 'for="bank-outcome"' in html
    # Filter choices come from what the user sees.
    assert '<option value="освободившиеся"' in html and '<option value="инвалиды"' in html


def test_federal_roles_see_everything(client, auth, world, bank):
    auth.login(world.federal_consultant)
    html = page_html(client, "/knowledge-bank")
    assert "Закрытая памятка" in html and "Памятка для инвалидов" in html


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=" + "я" * 10_000,
        "q=%27%22%26%7C%21%28%29%3A%2A",
        "q=%F0%9F%99%82",
        "outcome=nonsense&tier=x",
        "stage=%25_%5C",
        "region_code=%00",
        "target_group=" + "x" * 5_000,
    ],
)
def test_bank_page_takes_any_query(client, auth, world, bank, query):
    auth.login(world.regional_coordinator)
    page_html(client, "/knowledge-bank?" + query)


@pytest.mark.parametrize("page", ["abc", "99999999999999999999", "-3", "0", "2"])
def test_bank_pages_out_of_range_are_not_found(client, auth, world, bank, page):
    auth.login(world.regional_coordinator)
    page_html(client, f"/knowledge-bank?page={page}", status=404)


def test_bank_page_filters(client, auth, world, bank):
    auth.login(world.admin)
    html = page_html(client, "/knowledge-bank?target_group=освободившиеся&tier=long_term")
    assert "Закрытая памятка" in html and "Информационная памятка" not in html
    html = page_html(client, "/knowledge-bank?region_code=52")
    assert "Памятка для инвалидов" in html and "Закрытая памятка" not in html
    html = page_html(client, "/knowledge-bank?outcome=effective")
    assert "Памятка" not in html


def test_bank_page_queries_do_not_grow_with_rows(client, auth, world, count_queries):
    pilot52 = factories.PilotFactory(region=world.r52, target_group="инвалиды")
    pilot74 = factories.PilotFactory(region=world.r74, service="Поиск работы")

    def add_rows(n):
        for i in range(n):
            s = add_solution(pilot74, f"Памятка {i}", pain=f"Боль {i}", published=True)
            s.status, s.done_on = "done", dt.date(2026, 10, 1)
            s.before_measurement, s.after_measurement = before_and_after(
                s.stage, 40.0, 60.0, (dt.date(2026, 10, 2), dt.date(2026, 10, 9))
            )
            copy = add_solution(pilot52, f"Копия {i}")
            copy.origin = s
        db.session.commit()

    auth.login(world.regional_coordinator)
    add_rows(2)
    with count_queries() as few:
        page_html(client, "/knowledge-bank?q=памятка")
    add_rows(9)
    with count_queries() as many:
        html = page_html(client, "/knowledge-bank?q=памятка")
    assert html.count('class="card mb-3"') == 11
    assert many["n"] == few["n"]
    with count_queries() as copies:
        html = page_html(client, "/knowledge-bank?q=копия")
    assert html.count(pilot74.title) == 11  # each copy names its (published) origin
    assert copies["n"] <= few["n"] + 1  # the visible origins: one query


# --- publishing -------------------------------------------------------------------------------


def test_publish_button(client, auth, world, bank):
    auth.login(world.regional_coordinator)
    html = page_html(client, "/knowledge-bank?region_code=52")
    assert f'action="/knowledge-bank/{bank.own.id}/publish"' in html
    assert f'action="/knowledge-bank/{bank.shared.id}/publish"' not in html  # another region's
    response = client.post(
        f"/knowledge-bank/{bank.own.id}/publish",
        data={
            "csrf_token": _csrf(html),
            "published": "true",
            "version": bank.own.version,
            "next": "/knowledge-bank?region_code=52",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/knowledge-bank?region_code=52")
    assert db.session.get(Solution, bank.own.id).published is True
    stale = client.post(
        f"/knowledge-bank/{bank.own.id}/publish",
        data={"csrf_token": _csrf(html), "published": "false", "version": 1, "next": "//evil"},
    )
    assert stale.headers["Location"].endswith("/knowledge-bank")
    db.session.expire_all()
    assert db.session.get(Solution, bank.own.id).published is True  # the stale click did nothing


def test_publish_permissions(client, auth, world, bank):
    auth.login(world.working_group_member)
    html = page_html(client, "/knowledge-bank")
    assert "/publish" not in html
    data = {"csrf_token": _csrf(html), "published": "true", "version": bank.own.version}
    assert client.post(f"/knowledge-bank/{bank.own.id}/publish", data=data).status_code == 403
    auth.logout()
    auth.login(world.coordinator74)
    html = page_html(client, "/knowledge-bank")
    data["csrf_token"] = _csrf(html)
    assert client.post(f"/knowledge-bank/{bank.own.id}/publish", data=data).status_code == 404
    assert db.session.get(Solution, bank.own.id).published is False


# --- similar ----------------------------------------------------------------------------------


def test_similar_page_and_link_on_the_journey_map(client, auth, world, bank):
    auth.login(world.working_group_member)
    journey = page_html(client, f"/journeys/{bank.own.stage.journey_id}")
    url = f"/pain-points/{bank.own.pain_point_id}/similar"
    assert f'href="{url}"' in journey
    html = page_html(client, url)
    assert "Нет информации для инвалидов" in html  # the pain point
    assert "Информационная памятка для инвалидов и освободившихся" in html
    assert "Закрытая памятка" not in html and "Памятка для инвалидов</h3>" not in html
    assert f"/knowledge-bank/{bank.shared.id}/copy?pain_point_id={bank.own.pain_point_id}" in html
    other = factories.PainPointFactory(stage=bank.hidden.stage, description="Памятка")
    db.session.commit()
    page_html(client, f"/pain-points/{other.id}/similar", status=404)
    page_html(client, "/pain-points/2147483647/similar", status=404)


# --- copying ----------------------------------------------------------------------------------


def test_copy_into_my_map(client, auth, world, bank):
    auth.login(world.working_group_member)
    url = f"/knowledge-bank/{bank.shared.id}/copy"
    html = page_html(client, url)  # the only pilot with a stage is chosen
    assert 'for="stage_id"' in html and 'for="pain_point_id"' in html and 'for="due_date"' in html
    response = client.post(url, data={"csrf_token": _csrf(html)})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="stage_id-error"' in body and 'id="owner-error"' in body
    response = client.post(
        url,
        data={
            "csrf_token": _csrf(html),
            "stage_id": bank.own.stage_id,
            "pain_point_id": bank.own.pain_point_id,
            "due_date": "2026-12-01",
            "owner": "Отдел информирования",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pilots/{bank.pilot52.id}/solutions")
    copy = db.session.query(Solution).filter_by(origin_id=bank.shared.id).one()
    assert copy.pilot_id == bank.pilot52.id and copy.solution == bank.shared.solution
    assert copy.tier.value == "quick_win" and copy.due_date == dt.date(2026, 12, 1)


def test_copy_page_choices_and_prefill(client, auth, world, bank):
    second = factories.PilotFactory(region=world.r52, title="Второй пилот")
    add_solution(second, "Что-то ещё")
    auth.login(world.regional_coordinator)
    url = f"/knowledge-bank/{bank.shared.id}/copy"
    html = page_html(client, url)
    assert 'name="pilot_id"' in html and "Второй пилот" in html and 'name="stage_id"' not in html
    html = page_html(client, f"{url}?pilot_id={second.id}")
    assert 'name="stage_id"' in html and "Что-то ещё" not in html
    html = page_html(client, f"{url}?pain_point_id={bank.own.pain_point_id}")
    assert f'<option selected value="{bank.own.pain_point_id}"' in html


def test_copy_refusals(client, auth, world, bank):
    auth.login(world.regional_coordinator)
    page_html(client, f"/knowledge-bank/{bank.hidden.id}/copy", status=404)  # not visible
    page_html(
        client, f"/knowledge-bank/{bank.shared.id}/copy?pilot_id={bank.pilot74.id}", status=404
    )
    # an id out of range is a 404 like any id in a path (cxflow.core.routing.id_arg)
    page_html(client, f"/knowledge-bank/{bank.shared.id}/copy?pilot_id=99999999999999", status=404)
    hidden_pain = factories.PainPointFactory(stage=bank.hidden.stage, description="Боль")
    db.session.commit()
    page_html(client, f"/knowledge-bank/{bank.shared.id}/copy?pain_point_id={hidden_pain.id}", 404)
    auth.logout()
    auth.login(world.manager)
    page_html(client, f"/knowledge-bank/{bank.shared.id}/copy", status=403)
    html = page_html(client, "/knowledge-bank")
    assert "/copy" not in html


def test_navigation_entry(client, auth, world):
    auth.login(world.manager)
    html = page_html(client, "/knowledge-bank")
    assert re.search(r'href="/knowledge-bank"\s+aria-current="page"', html)
