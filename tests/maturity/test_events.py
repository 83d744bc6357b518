"""Competence events (seed 004 §1 item 17, L103): API and page, bad input, other regions; an
event recorded recomputes the level."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from cxflow.maturity.models.events import CompetenceEvent
from cxflow.maturity.services import levels
from tests.helpers import count_rows, error_fields, page_html, page_text
from tests.maturity.levels_setup import meet, today


def body(**fields):
    return {
        "held_on": "2026-03-10",
        "title": "Тренинг «Клиентоцентричность»",
        "kind": "training",
        "participants": 25,
    } | fields


@pytest.fixture
def coordinator(api, world):
    return api.as_(world.regional_coordinator)


def events_url(region):
    return f"/api/v1/regions/{region.id}/competence-events"


def test_record_and_list_events(coordinator, world):
    created = coordinator.post(events_url(world.r52), json=body(office_id=world.office52.id))
    assert created.status_code == 201, created.json
    assert created.json["office_name"] == world.office52.name
    coordinator.post(events_url(world.r52), json=body(held_on="2026-04-01", kind="seminar"))
    listed = coordinator.get(events_url(world.r52)).json
    assert listed["total"] == 2
    assert [e["held_on"] for e in listed["items"]] == ["2026-04-01", "2026-03-10"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"title": ""}, "title"),
        ({"held_on": "10.03.2026"}, "held_on"),
        ({"participants": -1}, "participants"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(coordinator, world, fields, field):
    assert field in error_fields(coordinator.post(events_url(world.r52), json=body(**fields)))
    assert count_rows(CompetenceEvent) == 0


def test_a_future_date_and_another_regions_office_are_refused(coordinator, world):
    future = (today(world.r52) + dt.timedelta(days=2)).isoformat()
    assert "held_on" in error_fields(
        coordinator.post(events_url(world.r52), json=body(held_on=future))
    )
    other = body(office_id=world.office74.id)
    assert "office_id" in error_fields(coordinator.post(events_url(world.r52), json=other))
    assert count_rows(CompetenceEvent) == 0


def test_another_region_is_404_and_a_manager_may_not_record(api, world):
    api.as_(world.coordinator74)
    assert api.get(events_url(world.r52)).status_code == 404
    assert api.post(events_url(world.r52), json=body()).status_code == 404
    api.as_(world.manager)
    assert api.get(events_url(world.r52)).status_code == 200
    assert api.post(events_url(world.r52), json=body()).status_code == 403


def test_a_federal_consultant_records_events_of_any_region(api, world):
    api.as_(world.federal_consultant)
    assert api.post(events_url(world.r74), json=body()).status_code == 201


def test_the_second_event_of_a_year_lifts_the_region_to_level_II(coordinator, world):
    """Seed 004 L103: «Не менее 2» at level II."""
    meet(world.r52, 2, events=1)
    assert levels.snapshot(world.r52).level == 1
    held = dt.date(today(world.r52).year - 1, 12, 1).isoformat()
    assert coordinator.post(events_url(world.r52), json=body(held_on=held)).status_code == 201
    row = levels.recorded(world.r52)
    assert row.level == "level_2"  # recorded when the event was, not only on the next read


def test_events_page_records_an_event_and_shows_errors(client, auth, world):
    auth.login(world.regional_coordinator)
    url = f"/regions/{world.r52.id}/competence-events"
    bad = client.post(url, data={"held_on": "2026-03-10", "title": "", "kind": "training"})
    assert bad.status_code == 422
    assert "Введите название мероприятия." in bad.get_data(as_text=True)
    ok = client.post(
        url,
        data={
            "held_on": "2026-03-10",
            "title": "Семинар по CX",
            "kind": "seminar",
            "participants": "12",
        },
    )
    assert ok.status_code == 302
    text = page_text(page_html(client, url))
    assert "Семинар по CX" in text and "10.03.2026" in text
    db.session.expire_all()
    assert count_rows(CompetenceEvent) == 1


def test_a_manager_sees_the_events_page_without_the_form(client, auth, world):
    auth.login(world.manager)
    html = page_html(client, f"/regions/{world.r52.id}/competence-events")
    assert 'name="title"' not in html
    auth.logout()
    auth.login(world.coordinator74)
    page_html(client, f"/regions/{world.r52.id}/competence-events", status=404)
