"""The indicator catalogue (issue #16, seed 002 §1.1, App. 8): the API of API.md and the
pages, every cxflow decision shown next to its number."""

from cxflow.index.services import indicators
from tests.helpers import page_html, page_text


def test_the_api_lists_twenty_indicators_with_points_and_decisions(world, api):
    body = api.as_(world.manager).get("/api/v1/index/indicators").json
    assert (body["key"], body["version"], body["total"]) == ("indicators-2022", 1, 20)
    items = {i["key"]: i for i in body["items"]}
    assert len(items) == 20 and [g["number"] for g in body["groups"]] == [1, 2, 3, 4, 5]
    info = items["info_office"]
    assert (info["kind"], info["level"], info["max_score"]) == ("both", "office", 1.5)
    assert {p["points"] for p in info["parameters"]} == {0.1} and len(info["parameters"]) == 5
    assert "comfort_level" not in info["parameters"][0]
    assert items["info_website"]["level"] == "managing_office"
    assert [p["points"] for p in items["prebooking"]["parameters"]] == [0.25] * 4
    assert items["quick_response"]["parameters"][0]["points"] == 1
    assert "решение cxflow" in items["quick_response"]["decision"]
    assert [p["points"] for p in items["transport"]["parameters"]] == [0.5, 0.5]
    vacancies = items["vacancy_dynamics"]
    assert vacancies["max_score"] == 2 and vacancies["parameters"] == []
    comfort = items["comfort"]
    assert comfort["level_points"] == {"3": 0.75, "2": 1.5, "1": 2.0}
    assert {p["comfort_level"] for p in comfort["parameters"]} == {1, 2, 3}
    assert items["multichannel"]["max_score"] == 1 and items["multichannel"]["scored"] is False
    assert items["simplicity"]["kind"] == "subjective" and items["simplicity"]["decision"]
    assert body["min_responses"] == 10 and "решение cxflow" in body["min_responses_decision"]


def test_a_version_never_recorded_is_404(world, api):
    response = api.as_(world.manager).get("/api/v1/index/indicators?version=99")
    assert response.status_code == 404
    assert api.get("/api/v1/index/indicators?version=1").json["version"] == 1


def test_the_catalogue_page_shows_groups_and_each_decision_beside_its_number(world, client, auth):
    auth.login(world.working_group_member, language="ru")
    html = page_html(client, "/index/indicators")
    text = page_text(html)
    assert "Показатели дружелюбия и партнерства" in text
    methodology = indicators.current()
    decided = [i for i in methodology.indicators if i.decision]
    assert text.count("решение cxflow") >= len(decided) + 2  # + the two subjective rules
    for indicator in decided:
        assert indicator.decision in text, indicator.key
    assert "0,25 за каждый" in text or "0,25" in text
    assert 'href="/index/indicators/comfort?version=1"' in html
    # the monitoring menu leads here
    assert "Индекс клиентоцентричности" in text


def test_the_indicator_page_shows_parameters_points_and_comfort_levels(world, client, auth):
    auth.login(world.manager, language="ru")
    text = page_text(page_html(client, "/index/indicators/comfort"))
    assert "Уровень 3: 0,75" in text and "Уровень 1: 2" in text
    assert "Стойка администратора" in text
    transport = page_text(page_html(client, "/index/indicators/transport"))
    assert "решение cxflow" in transport and "0,5" in transport
    vacancies = page_text(page_html(client, "/index/indicators/vacancy_dynamics"))
    assert "× 2" in vacancies
    page_html(client, "/index/indicators/nope", status=404)
