"""Pilots and roadmaps through the API: templates, deadlines, editing, approval, lifecycles."""

import io

import pytest

from cxflow.core.clock import region_today
from tests.helpers import api_error, by_number, create_pilot


def test_templates_are_listed(world, api):
    items = api.as_(world.manager).get("/api/v1/roadmap-templates").json["items"]
    assert {t["key"] for t in items} == {"journey-2021", "index-2022", "cx-system", "culture-2021"}
    cx = next(t for t in items if t["key"] == "cx-system")
    assert sum(1 for i in cx["items"] if i["kind"] == "checkpoint") == 13


def test_pilot_from_the_journey_template(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    assert pilot["stage"] == "working_group" and pilot["version"] == 1
    lines = by_number(pilot)
    assert lines["1"]["kind"] == "heading" and lines["1"]["due_date"] is None
    assert lines["2.12"]["title"].startswith("Совещание") or "№4" in lines["2.12"]["title"]
    # 2.1 «Определение целевой аудитории» is due on 16.08.2021 in the programme, which starts
    # 26.06.2021: the same distance in working days from the pilot's start.
    assert lines["2.1"]["due_date"] > "2026-02-02"
    for line in pilot["activities"]:
        if line["kind"] == "activity" and not line["ongoing"]:
            assert line["start_date"] <= line["due_date"]
            assert line["duration_working_days"] >= 1


def test_pilot_from_the_cx_system_template_uses_the_pilots_year(world, api):
    pilot = create_pilot(
        api.as_(world.regional_coordinator),
        world.r52,
        template="cx-system",
        start="2027-01-11",
        direction="cx_system",
    )
    dues = [a["due_date"] for a in pilot["activities"] if a["kind"] == "checkpoint"]
    assert len(dues) == 13 and all(d.startswith("2027-") for d in dues)
    assert "2027-03-01" in dues  # the working group is formed by 1 March


def test_index_template_and_unknown_template(world, api):
    api.as_(world.regional_coordinator)
    pilot = create_pilot(
        api, world.r52, template="index-2022", start="2026-04-01", direction="index"
    )
    assert len(pilot["activities"]) == 7 + 3  # App. 3's lines and App. 1 items 2–4, optional
    assert [a["optional"] for a in pilot["activities"]] == [False] * 7 + [True] * 3
    typical = create_pilot(
        api,
        world.r52,
        template="index-2022",
        start="2026-04-01",
        direction="index",
        optional_lines=False,
    )
    assert len(typical["activities"]) == 7
    bad = api.post(
        "/api/v1/pilots",
        json={
            "region_id": world.r52.id,
            "direction": "journey",
            "title": "x",
            "template": "nope",
            "start_date": "2026-01-01",
        },
    )
    assert "template" in api_error(bad, 422, "validation_error")["fields"]


def test_bad_pilot_input_names_fields(world, api):
    api.as_(world.regional_coordinator)
    bad = api.post(
        "/api/v1/pilots",
        json={
            "region_id": world.r74.id,
            "direction": "journey",
            "title": " ",
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
        },
    )
    assert set(api_error(bad, 422, "validation_error")["fields"]) == {
        "region_id",
        "title",
        "end_date",
    }


def test_pilots_are_scoped(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    api.as_(world.coordinator74)
    api_error(api.get(f"/api/v1/pilots/{pilot['id']}"), 404, "not_found")
    assert api.get("/api/v1/pilots").json["total"] == 0
    assert api.as_(world.federal_consultant).get("/api/v1/pilots?region_code=52").json["total"] == 1
    api_error(
        api.as_(world.manager).post(
            "/api/v1/pilots",
            json={
                "region_id": world.r52.id,
                "direction": "journey",
                "title": "x",
                "start_date": "2026-01-01",
            },
        ),
        403,
        "forbidden",
    )


def test_due_date_follows_start_and_duration(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    line = by_number(pilot)["2.2"]
    response = api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"start_date": "2026-12-28", "duration_working_days": 5, "version": line["version"]},
    )
    assert response.status_code == 200, response.json
    # 28, 29, 30 December, then 11 and 12 January (31.12.2026 and the New Year holidays are off)
    assert response.json["due_date"] == "2027-01-12"
    stale = api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"responsible": "Петров", "version": line["version"]},
    )
    api_error(stale, 409, "conflict")
    negative = api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"duration_working_days": -1, "version": response.json["version"]},
    )
    assert "duration_working_days" in api_error(negative, 422, "validation_error")["fields"]


def test_roadmap_approval_needs_short_activities_and_a_protocol(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    line = by_number(pilot)["2.5"]
    api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"start_date": "2026-03-02", "duration_working_days": 45, "version": line["version"]},
    )
    state = api.get(f"/api/v1/pilots/{pilot['id']}/roadmap").json
    assert state["status"] == "draft" and state["allowed_events"] == ["approve"]
    assert any(b.startswith("2.5 ") and "45" in b for b in state["blockers"])
    assert any("протокол" in b or "protocol" in b for b in state["blockers"])
    refused = api.post(
        f"/api/v1/pilots/{pilot['id']}/roadmap/transitions", json={"event": "approve"}
    )
    error = api_error(refused, 409, "conflict")
    assert error["allowed_events"] == ["approve"] and len(error["blockers"]) == 2
    # split 2.5 into two sub-activities shorter than 30 working days
    for title, start, days in (("Часть 1", "2026-03-02", 20), ("Часть 2", "2026-03-30", 25)):
        created = api.post(
            f"/api/v1/pilots/{pilot['id']}/activities",
            json={
                "title": title,
                "parent_id": line["id"],
                "start_date": start,
                "duration_working_days": days,
            },
        )
        assert created.status_code == 201 and created.json["number"].startswith("2.5.")
    api.post(
        f"/api/v1/pilots/{pilot['id']}/meetings",
        json={
            "number": 1,
            "held_on": "2026-02-20",
            "protocol": "Утвердили дорожную карту",
            "approves_roadmap": True,
        },
    )
    approved = api.post(
        f"/api/v1/pilots/{pilot['id']}/roadmap/transitions", json={"event": "approve"}
    )
    assert approved.status_code == 200 and approved.json["roadmap_status"] == "approved"
    history = api.get(f"/api/v1/pilots/{pilot['id']}/roadmap").json["history"]
    assert history[0]["to_stage"] == "approved" and history[0]["actor"]
    assert (
        "№ 1 от 20.02.2026" in history[0]["comment"]
        or "No. 1 of 20.02.2026" in history[0]["comment"]
    )
    # an approved roadmap keeps its dates until it goes back to draft, with a reason
    locked = api.patch(
        f"/api/v1/activities/{line['id']}",
        json={
            "duration_working_days": 3,
            "version": api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"][0][
                "version"
            ],
        },
    )
    assert locked.status_code == 409
    no_reason = api.post(
        f"/api/v1/pilots/{pilot['id']}/roadmap/transitions", json={"event": "reopen"}
    )
    assert "comment" in api_error(no_reason, 422, "validation_error")["fields"]


def test_activity_lifecycle_and_history(world, api):
    pilot = create_pilot(
        api.as_(world.working_group_member if False else world.regional_coordinator), world.r52
    )
    line = by_number(pilot)["2.1"]
    api.as_(world.working_group_member)
    url = f"/api/v1/activities/{line['id']}/transitions"
    assert api.post(url, json={"event": "start"}).json["status"] == "in_progress"
    done = api.post(url, json={"event": "complete"}).json
    assert done["status"] == "done" and done["completed_on"]
    error = api_error(api.post(url, json={"event": "start"}), 409, "conflict")
    assert error["allowed_events"] == ["reopen"]
    api_error(api.post(url, json={"event": "reopen"}), 422, "validation_error")
    assert (
        api.post(url, json={"event": "reopen", "comment": "Нашли ошибку"}).json["status"]
        == "in_progress"
    )
    api_error(api.as_(world.manager).post(url, json={"event": "complete"}), 403, "forbidden")


def test_overdue_is_derived_from_dates(world, api, app):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2025-01-09")
    lines = by_number(api.get(f"/api/v1/pilots/{pilot['id']}").json)
    assert lines["2.1"]["overdue"] is True  # due in 2025, still planned
    api.post(f"/api/v1/activities/{lines['2.1']['id']}/transitions", json={"event": "complete"})
    lines = by_number(api.get(f"/api/v1/pilots/{pilot['id']}").json)
    assert lines["2.1"]["overdue"] is False


def test_due_today_is_not_overdue(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    line = by_number(pilot)["2.2"]
    today = region_today(world.r52.timezone).isoformat()  # the region's date, not the host's
    api.patch(
        f"/api/v1/activities/{line['id']}",
        json={
            "start_date": None,
            "duration_working_days": None,
            "due_date": today,
            "version": line["version"],
        },
    )
    assert by_number(api.get(f"/api/v1/pilots/{pilot['id']}").json)["2.2"]["overdue"] is False


def test_reorder_and_nest(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    lines = by_number(pilot)
    moved = api.post(f"/api/v1/activities/{lines['2.2']['id']}/move", json={"how": "up"}).json
    assert moved["number"] == "2.1"
    nested = api.post(f"/api/v1/activities/{lines['2.3']['id']}/move", json={"how": "indent"})
    assert nested.json["number"] == "2.2.1"
    back = api.post(f"/api/v1/activities/{lines['2.3']['id']}/move", json={"how": "outdent"})
    assert back.json["number"] == "2.3"
    numbers = [
        a["number"] for a in api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"]
    ]
    assert numbers[:6] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5"]
    assert len(numbers) == len(set(numbers))


def test_file_deliverables(world, api, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    line = by_number(pilot)["1.3"]
    response = api.post(
        f"/api/v1/activities/{line['id']}/deliverables",
        data={"kind": "order", "file": (io.BytesIO(b"%PDF-1.7 test"), "Приказ о пилоте.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    assert response.json["original_name"] == "Приказ о пилоте.pdf"
    assert response.json["title"] == "Приказ о пилоте.pdf" and response.json["size"] == 13
    stored = list(tmp_path.rglob("*"))
    assert any(p.is_file() and p.read_bytes() == b"%PDF-1.7 test" for p in stored)
    renamed_exe = api.post(
        f"/api/v1/pilots/{pilot['id']}/deliverables",
        data={"kind": "other", "file": (io.BytesIO(b"MZ\x90\x00"), "report.pdf")},
        content_type="multipart/form-data",
    )
    assert "file" in api_error(renamed_exe, 422, "validation_error")["fields"]
    refused_type = api.post(
        f"/api/v1/pilots/{pilot['id']}/deliverables",
        data={"kind": "other", "file": (io.BytesIO(b"#!/bin/sh"), "run.sh")},
        content_type="multipart/form-data",
    )
    assert "file" in api_error(refused_type, 422, "validation_error")["fields"]
    app.config["MAX_UPLOAD_BYTES"] = 10
    too_big = api.post(
        f"/api/v1/pilots/{pilot['id']}/deliverables",
        data={"kind": "other", "file": (io.BytesIO(b"x" * 11), "notes.txt")},
        content_type="multipart/form-data",
    )
    assert "file" in api_error(too_big, 422, "validation_error")["fields"]
    no_link = api.post(f"/api/v1/pilots/{pilot['id']}/deliverables", json={"kind": "report"})
    assert "file" in api_error(no_link, 422, "validation_error")["fields"]
    listed = api.get(f"/api/v1/pilots/{pilot['id']}/deliverables").json
    assert listed["total"] == 1


def test_monitoring_report_across_regions(world, api):
    api.as_(world.regional_coordinator)
    p52 = create_pilot(api, world.r52, start="2025-01-09")
    p74 = create_pilot(api.as_(world.coordinator74), world.r74, title="МЛС", start="2026-11-02")
    first = by_number(p74)["2.1"]
    api.post(f"/api/v1/activities/{first['id']}/transitions", json={"event": "complete"})
    report = (
        api.as_(world.federal_consultant).get("/api/v1/reports/monitoring?direction=journey").json
    )
    assert [r["region_code"] for r in report["regions"]] == ["52", "74"]
    row = next(r for r in report["rows"] if r["number"] == "2.1")
    assert row["statuses"] == {str(p52["id"]): "overdue", str(p74["id"]): "done"}
    own = api.as_(world.manager).get("/api/v1/reports/monitoring?direction=journey").json
    assert [r["region_code"] for r in own["regions"]] == ["52"]


@pytest.mark.parametrize("field", ["office_ids", "phases"])
def test_pilot_offices_and_phases(world, api, field):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    value = (
        [world.office52.id]
        if field == "office_ids"
        else [{"kind": "preparatory", "start_date": "2026-02-02", "end_date": "2026-03-01"}]
    )
    ok = api.patch(f"/api/v1/pilots/{pilot['id']}", json={field: value, "version": 1})
    assert ok.status_code == 200 and ok.json[field]
    bad = (
        [world.office74.id]
        if field == "office_ids"
        else [{"kind": "main", "start_date": "2026-03-01", "end_date": "2026-02-01"}]
    )
    response = api.patch(
        f"/api/v1/pilots/{pilot['id']}", json={field: bad, "version": ok.json["version"]}
    )
    assert response.status_code == 422


def test_changing_only_the_due_date_moves_the_duration(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    line = by_number(pilot)["2.2"]
    response = api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"start_date": "2026-03-02", "duration_working_days": 5, "version": line["version"]},
    )
    moved = api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"due_date": "2026-03-13", "version": response.json["version"]},
    )
    # 2–6 March, then 10–13 March (9 March is off): 9 working days
    assert moved.json["due_date"] == "2026-03-13" and moved.json["duration_working_days"] == 9


def test_cx_system_dates_already_past_stay_in_the_project_year_flagged(world, api):
    """Seed 004 §2: «01 <месяца> календарного года реализации регионального проекта» — one
    year for all 13; a start of 15.06.2027 no longer puts 1.1 after 1.2 or 1.3 after 1.4."""
    pilot = create_pilot(
        api.as_(world.regional_coordinator),
        world.r52,
        template="cx-system",
        start="2027-06-15",
        direction="cx_system",
    )
    lines = by_number(pilot)
    dues = [a["due_date"] for a in pilot["activities"] if a["kind"] == "checkpoint"]
    assert len(dues) == 13 and all(d.startswith("2027-") for d in dues)
    assert lines["1.1"]["due_date"] == "2027-03-01" < lines["1.2"]["due_date"] == "2027-12-01"
    assert lines["1.3"]["due_date"] == "2027-05-01" < lines["1.4"]["due_date"] == "2027-08-01"
    past = {n for n, a in lines.items() if a["past_at_creation"]}
    # before 15 June: 1 March, 1 May, 1 April, 1 June, 1 April — flagged, never moved
    assert past == {"1.1", "1.3", "1.5", "1.7", "1.11"}


def test_deleting_a_section_deletes_its_lines(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    section = by_number(pilot)["1"]
    assert api.delete(f"/api/v1/activities/{section['id']}").status_code == 204
    numbers = [
        a["number"] for a in api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"]
    ]
    assert numbers[0] == "1" and "1.1" in numbers and len(numbers) == 19 - 6


def test_far_dates_are_a_field_error_not_a_crash(world, api):
    api.as_(world.manager)
    response = api.get("/api/v1/calendar/add-working-days?start=9999-12-01&days=100")
    assert list(api_error(response, 422, "validation_error")["fields"]) == ["start"]
