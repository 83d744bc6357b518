"""A region's index periods, chosen indicators and suspensions (issue #16, seed 002 L289–305,
remark #23): the API and the pages, who may plan, and nothing stored on bad input."""

import datetime as dt

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.index import IndexPeriod, IndicatorSelection, IndicatorSuspension
from cxflow.index.services import periods
from tests.helpers import count_rows, error_fields, page_html, page_text

START, END = dt.date(2022, 4, 25), dt.date(2022, 5, 6)
NIZHNY = ["quick_response", "prebooking", "comfort", "staff_appearance"]  # seed 002 L297
DATES = {"period_start": "2022-04-25", "period_end": "2022-05-06"}


def indicators_url(region, **query):
    args = "&".join(f"{k}={v}" for k, v in (query or DATES).items())
    return f"/api/v1/regions/{region.id}/index/indicators?{args}"


# --- API ---------------------------------------------------------------------------------------


def test_a_region_chooses_its_indicators_for_a_period_and_reads_them_back(world, api):
    api.as_(world.regional_coordinator)
    empty = api.get(indicators_url(world.r52)).json
    assert (empty["period_id"], empty["keys"], empty["methodology_version"]) == (None, [], 1)
    response = api.put(
        f"/api/v1/regions/{world.r52.id}/index/indicators", json=DATES | {"keys": NIZHNY}
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body["keys"] == NIZHNY and body["period_id"] == body["id"] is not None
    assert (body["period_start"], body["period_end"]) == ("2022-04-25", "2022-05-06")
    assert api.get(indicators_url(world.r52)).json["keys"] == NIZHNY
    # a second PUT replaces the choice and keeps the one period
    again = api.put(
        f"/api/v1/regions/{world.r52.id}/index/indicators",
        json=DATES | {"keys": ["comfort"], "version": body["version"]},
    )
    assert again.json["keys"] == ["comfort"] and again.json["id"] == body["id"]
    assert count_rows(IndexPeriod) == 1 and count_rows(IndicatorSelection) == 1
    listed = api.get(f"/api/v1/regions/{world.r52.id}/index/periods").json
    assert listed["total"] == 1 and listed["items"][0]["keys"] == ["comfort"]
    # a stale version is a conflict
    stale = api.put(
        f"/api/v1/regions/{world.r52.id}/index/indicators",
        json=DATES | {"keys": NIZHNY, "version": body["version"]},
    )
    assert stale.status_code == 409


def test_bad_choices_are_422_naming_the_field_and_store_nothing(world, api):
    api.as_(world.regional_coordinator)
    url = f"/api/v1/regions/{world.r52.id}/index/indicators"
    fields = error_fields(api.put(url, json=DATES | {"keys": ["comfort", "happiness"]}))
    assert list(fields) == ["keys.1"]
    fields = error_fields(api.put(url, json=DATES | {"keys": ["professional_competence"]}))
    assert list(fields) == ["keys.0"]  # subjective only: no checklist to choose
    fields = error_fields(
        api.put(url, json={"period_start": "2022-05-06", "period_end": "2022-04-25", "keys": []})
    )
    assert list(fields) == ["period_end"]
    fields = error_fields(api.put(url, json={"keys": []}))
    assert set(fields) == {"period_start", "period_end"}
    assert count_rows(IndexPeriod) == 0 and count_rows(IndicatorSelection) == 0
    query = {"period_start": "2022-05-06", "period_end": "2022-04-25"}
    assert list(error_fields(api.get(indicators_url(world.r52, **query)))) == ["period_end"]


def test_only_planners_of_the_region_choose(world, api):
    url = f"/api/v1/regions/{world.r52.id}/index/indicators"
    for user in (world.working_group_member, world.manager):
        assert api.as_(user).put(url, json=DATES | {"keys": NIZHNY}).status_code == 403
    assert api.as_(world.coordinator74).put(url, json=DATES | {"keys": NIZHNY}).status_code == 404
    assert api.as_(world.coordinator74).get(indicators_url(world.r52)).status_code == 404
    assert (
        api.as_(world.federal_consultant).put(url, json=DATES | {"keys": NIZHNY}).status_code == 200
    )
    assert api.as_(world.manager).get(indicators_url(world.r52)).json["keys"] == NIZHNY


def test_suspension_leaves_an_indicator_out_with_its_reason_and_is_undone(world, api):
    period = periods.choose(world.r52, START, END, NIZHNY)
    db.session.commit()
    api.as_(world.regional_coordinator)
    url = f"/api/v1/index/periods/{period.id}/suspensions"
    response = api.post(url, json={"indicator_key": "vacancy_dynamics", "reason": "спад"})
    assert response.status_code == 201
    assert response.json["indicator_key"] == "vacancy_dynamics"
    assert response.json["created_by"] == world.regional_coordinator.full_name
    body = api.get(indicators_url(world.r52)).json
    assert [(s["indicator_key"], s["reason"]) for s in body["suspended"]] == [
        ("vacancy_dynamics", "спад")
    ]
    # twice, unknown, without a reason: 422 naming the field
    assert "indicator_key" in error_fields(
        api.post(url, json={"indicator_key": "vacancy_dynamics", "reason": "ещё раз"})
    )
    assert "indicator_key" in error_fields(
        api.post(url, json={"indicator_key": "x", "reason": "r"})
    )
    assert list(error_fields(api.post(url, json={"indicator_key": "comfort", "reason": " "}))) == [
        "reason"
    ]
    assert count_rows(IndicatorSuspension) == 1
    assert api.delete(f"{url}/vacancy_dynamics").status_code == 204
    assert api.get(indicators_url(world.r52)).json["suspended"] == []
    assert "indicator_key" in error_fields(api.delete(f"{url}/vacancy_dynamics"))
    assert (
        api.as_(world.working_group_member)
        .post(url, json={"indicator_key": "comfort", "reason": "r"})
        .status_code
        == 403
    )
    assert (
        api.as_(world.coordinator74)
        .post(url, json={"indicator_key": "comfort", "reason": "r"})
        .status_code
        == 404
    )


def test_a_federal_suspension_reaches_every_region_with_the_dates(world, api):
    periods.choose(world.r52, START, END, NIZHNY)
    periods.choose(world.r74, START, END, ["transport"])
    db.session.commit()
    body = {"indicator_key": "vacancy_dynamics", "reason": "затяжной спад"} | DATES
    response = api.as_(world.federal_consultant).post("/api/v1/index/suspensions", json=body)
    assert response.status_code == 201 and response.json["total"] == 2
    assert {i["region_code"] for i in response.json["items"]} == {"52", "74"}
    # one region, by code: its period is opened when new
    later = body | {"period_start": "2022-10-01", "period_end": "2022-10-14", "region_code": "74"}
    response = api.post("/api/v1/index/suspensions", json=later)
    assert response.status_code == 201 and response.json["items"][0]["region_code"] == "74"
    assert count_rows(IndexPeriod) == 3
    nowhere = body | {"period_start": "2023-01-01", "period_end": "2023-01-02"}
    assert list(error_fields(api.post("/api/v1/index/suspensions", json=nowhere))) == [
        "period_start"
    ]
    assert "region_code" in error_fields(
        api.as_(world.regional_coordinator).post(
            "/api/v1/index/suspensions", json=later | {"region_code": "74"}
        )
    )


# --- pages -------------------------------------------------------------------------------------


def test_the_coordinator_opens_a_period_chooses_and_suspends_on_the_pages(world, client, auth):
    auth.login(world.regional_coordinator, language="ru")
    page = page_text(page_html(client, f"/regions/{world.r52.id}/index/periods"))
    assert "Ни один период ещё не открыт" in page or "период" in page
    response = client.post(
        f"/regions/{world.r52.id}/index/periods",
        data={"period_start": "2022-04-25", "period_end": "2022-05-06"},
    )
    assert response.status_code == 302
    period = db.session.scalar(sa.select(IndexPeriod))
    url = f"/regions/{world.r52.id}/index/periods/{period.id}"
    assert response.headers["Location"].endswith(url)
    html = page_html(client, url)
    assert 'name="keys" value="comfort"' in html
    assert 'name="keys" value="professional_competence"' not in html
    response = client.post(f"{url}/indicators", data={"keys": NIZHNY, "version": period.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert periods.chosen_keys(period) == NIZHNY
    html = page_html(client, url)
    assert 'value="comfort" id="key-comfort" checked' in html
    response = client.post(
        f"{url}/suspensions", data={"indicator_key": "comfort", "reason": "ремонт офиса"}
    )
    assert response.status_code == 302
    text = page_text(page_html(client, url))
    assert "ремонт офиса" in text
    listing = page_text(page_html(client, f"/regions/{world.r52.id}/index/periods"))
    assert "25.04.2022 – 06.05.2022" in listing and "quick_response" in listing
    response = client.post(f"{url}/suspensions/comfort/resume")
    assert response.status_code == 302
    db.session.expire_all()
    assert periods.suspended_keys(period) == set()


def test_the_pages_refuse_bad_input_by_field_and_keep_the_choice(world, client, auth):
    period = periods.choose(world.r52, START, END, ["comfort"])
    db.session.commit()
    auth.login(world.regional_coordinator, language="ru")
    response = client.post(
        f"/regions/{world.r52.id}/index/periods",
        data={"period_start": "2022-05-06", "period_end": "2022-04-25"},
    )
    assert response.status_code == 422
    assert "Период заканчивается раньше, чем начинается" in page_text(
        response.get_data(as_text=True)
    )
    url = f"/regions/{world.r52.id}/index/periods/{period.id}"
    response = client.post(
        f"{url}/indicators", data={"keys": ["comfort", "happiness"], "version": period.version}
    )
    assert response.status_code == 422
    assert "happiness" in response.get_data(as_text=True)
    response = client.post(f"{url}/indicators", data={"keys": ["transport"], "version": 99})
    assert response.status_code == 409
    response = client.post(f"{url}/suspensions", data={"indicator_key": "comfort", "reason": ""})
    assert response.status_code == 422
    db.session.expire_all()
    assert periods.chosen_keys(period) == ["comfort"] and count_rows(IndicatorSuspension) == 0
    assert count_rows(IndexPeriod) == 1


def test_others_read_the_period_without_forms(world, client, auth):
    period = periods.choose(world.r52, START, END, NIZHNY)
    db.session.commit()
    auth.login(world.working_group_member, language="ru")
    url = f"/regions/{world.r52.id}/index/periods/{period.id}"
    html = page_html(client, url)
    assert 'id="choose-form"' not in html and 'id="suspend-form"' not in html
    assert "Быстрое реагирование" in html
    assert client.post(f"{url}/indicators", data={"keys": []}).status_code == 403
    assert client.post(f"/regions/{world.r52.id}/index/periods", data={}).status_code == 403
    auth.logout()
    auth.login(world.coordinator74)
    page_html(client, url, status=404)
    page_html(client, f"/regions/{world.r74.id}/index/periods/{period.id}", status=404)


def test_federal_users_pick_a_region_and_regional_ones_go_to_theirs(world, client, auth):
    periods.choose(world.r52, START, END, NIZHNY)
    db.session.commit()
    auth.login(world.federal_consultant)
    assert "Нижегородская область" in page_html(client, "/index/periods")
    auth.logout()
    auth.login(world.manager)
    response = client.get("/index/periods")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/regions/{world.r52.id}/index/periods")


def test_the_period_page_runs_the_same_queries_for_more_offices(world, client, auth, query_counts):
    from tests import factories

    period = periods.choose(world.r52, START, END, NIZHNY)
    db.session.commit()
    auth.login(world.regional_coordinator)

    def grow(n):
        for i in range(n):
            factories.OfficeFactory(region=world.r52, name=f"ЦЗН {n}-{i}")
        db.session.commit()

    url = f"/regions/{world.r52.id}/index/periods/{period.id}"
    first, second = query_counts(client.get, [url, f"/regions/{world.r52.id}/index/periods"], grow)
    assert first == second
