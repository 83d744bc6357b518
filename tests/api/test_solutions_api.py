"""Solution maps over the API: rows with their checks, the lifecycle with its history, effect
monitoring, optimistic locking and scoping."""

import datetime as dt

import pytest

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from tests import factories
from tests.helpers import (
    before_and_after,
    create_solution,
    error_fields,
    solution_body,
    solution_event,
)


@pytest.fixture
def pain(stage):
    pain = factories.PainPointFactory(stage=stage)
    db.session.commit()
    return pain


def test_a_member_adds_a_quick_win_to_the_map(world, api, pilot, stage, pain):
    api.as_(world.working_group_member)
    created = create_solution(api, pilot, stage, pain_point_id=pain.id)
    assert created["tier"] == "quick_win" and created["quick_win"] is True
    assert created["status"] == "planned" and created["allowed_events"] == [
        "start",
        "complete",
        "cancel",
    ]
    assert created["stage"] == stage.title and created["pain_point"] == pain.description
    assert created["effect"]["verdict"] == "not_measured" and created["effective"] is False
    listed = api.get(f"/api/v1/pilots/{pilot.id}/solutions").json
    assert listed["total"] == 1 and listed["items"][0]["overdue"] is False


def test_bad_rows_are_refused_naming_the_field(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    other_stage = factories.StageFactory()  # another pilot's journey
    other_pain = factories.PainPointFactory()
    outsider = factories.UserFactory(role="working_group_member", region=world.r74)
    db.session.commit()
    url = f"/api/v1/pilots/{pilot.id}/solutions"
    assert "due_date" in error_fields(
        api.post(url, json=solution_body(stage, due_date="2026-08-31"))
    )
    assert "stage_id" in error_fields(
        api.post(url, json=solution_body(stage, stage_id=other_stage.id))
    )
    assert "stage_id" in error_fields(api.post(url, json=solution_body(stage, stage_id=2**31 - 1)))
    assert "pain_point_id" in error_fields(
        api.post(url, json=solution_body(stage, pain_point_id=other_pain.id))
    )
    assert "owner_user_id" in error_fields(
        api.post(url, json=solution_body(stage, owner_user_id=outsider.id))
    )
    assert "owner" in error_fields(api.post(url, json=solution_body(stage, owner="  ")))
    assert "due_date" in error_fields(api.post(url, json=solution_body(stage, due_date=None)))
    assert "window_start" in error_fields(
        api.post(url, json=solution_body(stage, window_start="2026-12-20"))
    )
    assert "solution" in error_fields(api.post(url, json=solution_body(stage, solution="")))
    assert "tier" in error_fields(api.post(url, json=solution_body(stage, tier="soon")))
    assert api.get(url).json["total"] == 0  # nothing half-saved


def test_ongoing_rows_need_no_date_and_windows_are_kept(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    ongoing = create_solution(api, pilot, stage, due_date=None, ongoing=True, quick_win=False)
    assert ongoing["ongoing"] and ongoing["due_date"] is None and ongoing["tier"] == "long_term"
    window = create_solution(api, pilot, stage, window_start="2026-11-01", due_date="2026-12-31")
    assert (window["window_start"], window["due_date"]) == ("2026-11-01", "2026-12-31")
    deferred = create_solution(api, pilot, stage, tier="deferred", quick_win=True)
    assert deferred["tier"] == "deferred"  # `tier` wins over `quick_win`


def test_the_owner_may_be_a_user_of_the_region(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    created = create_solution(
        api, pilot, stage, owner="", owner_user_id=world.working_group_member.id
    )
    assert created["owner"] == world.working_group_member.full_name


def test_lifecycle_records_history_and_the_day_of_delivery(world, api, pilot, stage):
    api.as_(world.working_group_member)
    created = create_solution(api, pilot, stage)
    assert solution_event(api, created["id"], "start").json["status"] == "in_progress"
    done = solution_event(api, created["id"], "complete")
    assert done.status_code == 200
    assert done.json["done_on"] == region_today(world.r52.timezone).isoformat()
    refused = solution_event(api, created["id"], "start")
    assert refused.status_code == 409 and refused.json["error"]["allowed_events"] == ["reopen"]
    assert "comment" in error_fields(solution_event(api, created["id"], "reopen"))
    reopened = solution_event(api, created["id"], "reopen", comment="Не доделали")
    assert reopened.json["status"] == "in_progress" and reopened.json["done_on"] is None
    history = api.get(f"/api/v1/solutions/{created['id']}/history").json["items"]
    assert [h["event"] for h in history] == ["start", "complete", "reopen"]
    assert history[-1]["comment"] == "Не доделали"
    assert history[0]["actor"] == world.working_group_member.full_name


def test_the_day_of_delivery_may_be_given_but_not_in_the_future(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    created = create_solution(api, pilot, stage)
    tomorrow = region_today(world.r52.timezone) + dt.timedelta(days=1)
    assert "done_on" in error_fields(
        solution_event(api, created["id"], "complete", done_on=str(tomorrow))
    )
    assert "done_on" in error_fields(
        solution_event(api, created["id"], "complete", done_on="2026-08-01")
    )
    done = solution_event(api, created["id"], "complete", done_on="2026-10-05")
    assert done.json["done_on"] == "2026-10-05"


def test_edits_need_the_version_read(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    created = create_solution(api, pilot, stage)
    url = f"/api/v1/solutions/{created['id']}"
    saved = api.patch(url, json={"owner": "Отдел кадров", "version": created["version"]})
    assert saved.status_code == 200 and saved.json["owner"] == "Отдел кадров"
    stale = api.patch(url, json={"owner": "Другой", "version": created["version"]})
    assert stale.status_code == 409
    assert api.get(url).json["owner"] == "Отдел кадров"
    tier = api.patch(url, json={"quick_win": False, "version": saved.json["version"]})
    assert tier.json["tier"] == "long_term"


def test_effect_needs_measurements_of_the_stage_around_the_delivery(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    before, after = before_and_after(
        stage, 61.0, 70.0, (dt.date(2026, 10, 20), dt.date(2026, 11, 5))
    )
    other_metric = factories.MeasurementFactory(
        stage=stage,
        metric="mean_score",
        scale_min=1,
        scale_max=3,
        value=2.8,
        period_start=dt.date(2026, 10, 20),
        period_end=dt.date(2026, 11, 5),
    )
    elsewhere = factories.MeasurementFactory(stage=factories.StageFactory())
    db.session.commit()
    created = create_solution(api, pilot, stage)
    url = f"/api/v1/solutions/{created['id']}/effect"

    def link(version, **ids):
        return api.put(url, json={"version": version} | ids)

    early = link(created["version"], before_measurement_id=before.id, after_measurement_id=after.id)
    assert "after_measurement_id" in error_fields(early)  # not delivered yet
    only_before = link(created["version"], before_measurement_id=before.id)
    assert only_before.status_code == 200
    assert only_before.json["effect"]["verdict"] == "not_measured"
    version = solution_event(api, created["id"], "complete", done_on="2026-10-15").json["version"]
    assert "before_measurement_id" in error_fields(
        link(version, before_measurement_id=elsewhere.id)
    )
    assert "after_measurement_id" in error_fields(
        link(version, before_measurement_id=before.id, after_measurement_id=other_metric.id)
    )
    assert "before_measurement_id" in error_fields(
        link(version, before_measurement_id=after.id, after_measurement_id=after.id)
    )
    linked = link(version, before_measurement_id=before.id, after_measurement_id=after.id)
    assert linked.status_code == 200, linked.json
    effect = linked.json["effect"]
    assert effect["verdict"] == "improved" and effect["effective"] is True
    assert effect["change"] == pytest.approx(0.09)
    assert effect["before"]["sample_size"] == 120 and effect["after"]["sample_size"] == 120
    assert linked.json["effective"] is True


def test_a_delivered_win_that_did_not_improve_is_not_effective(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    before, after = before_and_after(
        stage, 61.0, 55.0, (dt.date(2026, 11, 1), dt.date(2026, 11, 9))
    )
    created = create_solution(api, pilot, stage)
    version = solution_event(api, created["id"], "complete", done_on="2026-10-15").json["version"]
    ids = {"before_measurement_id": before.id, "after_measurement_id": after.id}
    linked = api.put(f"/api/v1/solutions/{created['id']}/effect", json={"version": version} | ids)
    assert linked.json["status"] == "done" and linked.json["effect"]["verdict"] == "worse"
    assert linked.json["effective"] is False


def test_scoping_and_permissions(world, api, pilot, stage):
    created = create_solution(api.as_(world.regional_coordinator), pilot, stage)
    url = f"/api/v1/solutions/{created['id']}"
    assert api.as_(world.coordinator74).get(url).status_code == 404
    assert solution_event(api, created["id"], "start").status_code == 404
    manager = api.as_(world.manager)
    assert manager.get(url).status_code == 200
    assert solution_event(manager, created["id"], "start").status_code == 403
    body = solution_body(stage)
    assert manager.post(f"/api/v1/pilots/{pilot.id}/solutions", json=body).status_code == 403
    assert api.as_(world.federal_consultant).get(url).status_code == 200
    assert api.as_(world.working_group_member).delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_lone_surrogates_in_json_are_replaced_not_a_server_error(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    body = '{"stage_id": %d, "solution": "Скрипт \\ud800 звонка", "owner": "ОК", "due_date": "%s"}'
    response = api.post(
        f"/api/v1/pilots/{pilot.id}/solutions",
        data=body % (stage.id, "2026-12-01"),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.json
    assert response.json["solution"] == "Скрипт \ufffd звонка"


def test_ids_must_be_whole_numbers(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    response = api.post(
        f"/api/v1/pilots/{pilot.id}/solutions",
        json=solution_body(stage) | {"stage_id": stage.id + 0.5},
    )
    assert "stage_id" in error_fields(response)
