"""The zone of nearest development: the missing controls of the next level as checkpoints of
the region's `cx-system` roadmap (seed 004 §2), a proposed change on an approved roadmap."""

import pytest

from cxflow.core.extensions import db
from cxflow.maturity.models.controls import MaturityNextStep
from cxflow.pilots.models import Pilot
from cxflow.roadmaps.models import Activity
from tests.helpers import count_rows, error_fields, page_html


@pytest.fixture
def coordinator(api, world):
    return api.as_(world.regional_coordinator)


def steps_url(region):
    return f"/api/v1/regions/{region.id}/maturity/next-steps"


def test_a_next_step_creates_the_cx_system_pilot_and_adds_a_checkpoint(coordinator, world):
    response = coordinator.post(steps_url(world.r52), json={"activities": ["1", "14.1"]})
    assert response.status_code == 201, response.json
    items = response.json["items"]
    assert [(i["number"], i["status"]) for i in items] == [("1", "added"), ("14.1", "added")]
    pilot = db.session.scalar(db.select(Pilot).filter_by(region_id=world.r52.id))
    assert pilot.direction == "cx_system" and pilot.template_key == "cx-system"
    line = db.session.get(Activity, items[0]["activity_id"])
    assert line.pilot_id == pilot.id and line.kind == "checkpoint"
    assert line.title.startswith("Зрелость, п. 1: Улучшение качества клиентского опыта")
    assert line.number.startswith("1.")  # under the template's section of seed 004 §2
    assert line.due_date.month == 12 and line.due_date.day == 1
    listed = coordinator.get(steps_url(world.r52)).json
    assert listed["total"] == 2


def test_on_an_approved_roadmap_the_step_is_a_proposed_change(coordinator, world):
    coordinator.post(steps_url(world.r52), json={"activities": ["1"]})
    pilot = db.session.scalar(db.select(Pilot).filter_by(region_id=world.r52.id))
    pilot.roadmap_status = "approved"
    db.session.commit()
    lines_before = count_rows(Activity)
    response = coordinator.post(steps_url(world.r52), json={"activities": ["2"]})
    assert response.status_code == 201
    assert response.json["items"][0]["status"] == "proposed"
    assert response.json["items"][0]["activity_id"] is None
    assert count_rows(Activity) == lines_before  # the approved roadmap is not changed
    refused = coordinator.post(f"{steps_url(world.r52)}/apply")
    assert refused.status_code == 409
    pilot.roadmap_status = "draft"
    db.session.commit()
    applied = coordinator.post(f"{steps_url(world.r52)}/apply")
    assert applied.status_code == 200, applied.json
    assert applied.json["items"][0]["status"] == "added"
    assert count_rows(Activity) == lines_before + 1


@pytest.mark.parametrize(
    "activities",
    [["99"], [], "1", ["1", "1"], [1]],
    ids=["unknown", "empty", "string", "twice", "int"],
)
def test_bad_activities_are_refused_and_nothing_is_made(coordinator, world, activities):
    response = coordinator.post(steps_url(world.r52), json={"activities": activities})
    assert "activities" in error_fields(response)
    assert count_rows(Pilot) == 0 and count_rows(MaturityNextStep) == 0


def test_a_step_already_in_the_roadmap_is_refused(coordinator, world):
    coordinator.post(steps_url(world.r52), json={"activities": ["1"]})
    again = coordinator.post(steps_url(world.r52), json={"activities": ["1"]})
    assert "activities" in error_fields(again)


def test_another_region_is_404_and_a_manager_may_not(api, world):
    api.as_(world.coordinator74)
    assert api.post(steps_url(world.r52), json={"activities": ["1"]}).status_code == 404
    api.as_(world.manager)
    assert api.post(steps_url(world.r52), json={"activities": ["1"]}).status_code == 403


def test_the_zone_button_on_the_page(client, auth, world):
    auth.login(world.regional_coordinator)
    url = f"/regions/{world.r52.id}/maturity"
    html = page_html(client, url)
    assert 'name="activities" value="14.1"' in html
    response = client.post(f"{url}/next-steps", data={"activities": "14.1"})
    assert response.status_code == 302
    html = page_html(client, url)
    assert 'name="activities" value="14.1"' not in html  # in the roadmap now: no button
    assert count_rows(MaturityNextStep) == 1
