"""Controls of the maturity matrix as state machines, through the API (API.md "Maturity"):
evidence to operate, a reason to step back, versions, bad input, other regions."""

import io

import pytest

from cxflow.core.extensions import db
from cxflow.maturity.models.controls import MaturityControl
from cxflow.workflows.models import TransitionRecord
from tests.helpers import api_error, count_rows, error_fields
from tests.maturity.levels_setup import meet

PDF = b"%PDF-1.4 evidence"


def url(region, number="1"):
    return f"/api/v1/regions/{region.id}/maturity/controls/{number}/transitions"


def move(api, region, number="1", **body):
    return api.post(url(region, number), json={"version": 0} | body)


@pytest.fixture
def coordinator(api, world):
    return api.as_(world.regional_coordinator)


def test_operate_needs_evidence_and_nothing_is_stored_without_it(coordinator, world):
    response = move(coordinator, world.r52, event="operate")
    error = api_error(response, 409, "conflict")
    assert error["blockers"] == ["приложите подтверждение: ссылку (https:// или http://) или файл"]
    assert count_rows(MaturityControl) == 0
    assert count_rows(TransitionRecord) == 0


def test_operate_with_a_link_then_step_back_with_a_reason(coordinator, world):
    response = move(coordinator, world.r52, event="operate", evidence_url="https://ex.org/a.pdf")
    assert response.status_code == 200, response.json
    body = response.json
    assert (body["state"], body["version"], body["evidence_url"]) == (
        "operating",
        2,
        "https://ex.org/a.pdf",
    )
    assert body["allowed_events"] == ["step_back"]
    assert body["history"][0]["to_state"] == "operating"
    assert "https://ex.org/a.pdf" in body["history"][0]["comment"]

    no_reason = move(coordinator, world.r52, event="step_back", version=2)
    assert "comment" in error_fields(no_reason)
    back = move(coordinator, world.r52, event="step_back", version=2, comment="Регламент отменён")
    assert back.status_code == 200, back.json
    assert back.json["state"] == "in_development"
    assert back.json["evidence_url"] is None  # operating again needs new evidence
    again = move(coordinator, world.r52, event="operate", version=back.json["version"])
    assert api_error(again, 409, "conflict")["blockers"]


def test_operate_with_an_uploaded_file(coordinator, client, auth, world):
    response = coordinator.post(
        url(world.r52, "2"),
        data={"event": "operate", "version": "0", "evidence_file": (io.BytesIO(PDF), "Кодекс.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    assert response.json["evidence_file"] == "Кодекс.pdf"
    control = db.session.get(MaturityControl, response.json["id"])
    auth.login(world.manager)
    download = client.get(f"/maturity/controls/{control.id}/evidence")
    assert download.status_code == 200 and download.data == PDF


def test_a_file_of_a_refused_type_is_refused_naming_the_field(coordinator, world):
    response = coordinator.post(
        url(world.r52),
        data={"event": "operate", "version": "0", "evidence_file": (io.BytesIO(b"MZ"), "x.exe")},
        content_type="multipart/form-data",
    )
    assert "evidence_file" in error_fields(response)
    assert count_rows(MaturityControl) == 0


def test_a_link_that_is_not_http_is_refused(coordinator, world):
    response = move(coordinator, world.r52, event="operate", evidence_url="javascript:alert(1)")
    assert "evidence_url" in error_fields(response)


def test_unknown_event_is_a_422_naming_the_event(coordinator, world):
    assert "event" in error_fields(move(coordinator, world.r52, event="approve"))


def test_an_event_not_allowed_now_is_a_409_with_the_allowed_events(coordinator, world):
    error = api_error(move(coordinator, world.r52, event="step_back", comment="x"), 409, "conflict")
    assert error["allowed_events"] == ["develop", "operate"]


def test_a_stale_version_is_a_409(coordinator, world):
    assert move(coordinator, world.r52, event="develop").status_code == 200
    stale = move(coordinator, world.r52, event="operate", version=1, evidence_url="https://e.org")
    error = api_error(stale, 409, "conflict")
    assert error["current_version"] == 2
    never_moved = move(coordinator, world.r52, "2", event="develop", version=3)
    assert api_error(never_moved, 409, "conflict")["current_version"] == 0


def test_missing_version_is_a_422(coordinator, world):
    response = coordinator.post(url(world.r52), json={"event": "develop"})
    assert "version" in error_fields(response)


def test_another_regions_control_is_404(api, world):
    api.as_(world.coordinator74)
    assert move(api, world.r52, event="develop").status_code == 404
    assert api.get(f"/api/v1/regions/{world.r52.id}/maturity").status_code == 404


def test_an_unknown_activity_is_404(coordinator, world):
    assert move(coordinator, world.r52, "20", event="develop").status_code == 404


def test_a_manager_sees_but_may_not_move(api, world):
    api.as_(world.manager)
    assert api.get(f"/api/v1/regions/{world.r52.id}/maturity").status_code == 200
    assert move(api, world.r52, event="develop").status_code == 403


def test_a_measured_control_is_not_moved_by_hand(coordinator, world):
    """Item 5 (profiles) is read from cxflow's data."""
    error = api_error(move(coordinator, world.r52, "5", event="develop"), 409, "conflict")
    assert "считается по данным cxflow" in error["message"]


def test_office_controls(coordinator, world):
    """Item 3 has an office row «в каждом ЦЗН» (seed 004 L46); item 1 does not (L42)."""
    office = world.office52
    ok = move(coordinator, world.r52, "3", event="develop", office_id=office.id)
    assert ok.status_code == 200, ok.json
    assert (ok.json["scope"], ok.json["office_id"]) == ("office", office.id)
    region_row = move(coordinator, world.r52, "3", event="develop")  # the region's own control
    assert region_row.status_code == 200 and region_row.json["scope"] == "region"
    assert "office_id" in error_fields(
        move(coordinator, world.r52, "1", event="develop", office_id=office.id)
    )
    assert "office_id" in error_fields(
        move(coordinator, world.r52, "3", event="develop", office_id=world.office74.id)
    )
    assert "office_id" in error_fields(move(coordinator, world.r52, "19", event="develop"))


def test_moving_a_control_recomputes_the_level(coordinator, world):
    """Everything of level I but item 1 (seed 004 L42); operating it raises the level."""
    meet(world.r52, 1, skip={("1", "region")})
    assert coordinator.get(f"/api/v1/regions/{world.r52.id}/maturity").json["level"] == 0
    response = move(coordinator, world.r52, "1", event="operate", evidence_url="https://e.org/1")
    assert response.status_code == 200
    body = coordinator.get(f"/api/v1/regions/{world.r52.id}/maturity").json
    assert body["level"] == 1
    assert [(h["level"], h["lost_on"]) for h in body["history"]] == [(1, None)]
    control = next(c for c in body["controls"] if c["number"] == "1")
    back = move(
        coordinator,
        world.r52,
        "1",
        event="step_back",
        version=control["version"],
        comment="Отменён",
    )
    assert back.status_code == 200
    body = coordinator.get(f"/api/v1/regions/{world.r52.id}/maturity").json
    assert body["level"] == 0
    assert body["history"][0]["level"] == 1 and body["history"][0]["lost_on"] is not None


def test_the_maturity_body_lists_controls_with_measured_values_and_sources(coordinator, world):
    body = coordinator.get(f"/api/v1/regions/{world.r52.id}/maturity").json
    by_key = {(c["number"], c["office_id"]): c for c in body["controls"]}
    profiles = by_key[("5", None)]
    assert profiles["manual"] is False and profiles["allowed_events"] == []
    assert profiles["measured"]["value"] == {"seeker": 0, "employer": 0}
    assert "профили клиентов" in profiles["measured"]["source"]
    assert by_key[("1", None)]["allowed_events"] == ["develop", "operate"]
    assert by_key[("1", None)]["version"] == 0
    assert ("3", world.office52.id) in by_key and ("1", world.office52.id) not in by_key


def test_the_matrix_endpoint(coordinator):
    body = coordinator.get("/api/v1/maturity/activities").json
    numbers = [a["number"] for a in body["items"]]
    assert numbers[:3] == ["1", "2", "3"] and "14.5" in numbers and len(numbers) == 24
    item15 = next(a for a in body["items"] if a["number"] == "15")
    assert item15["levels"]["region"]["1"] is None
    assert item15["levels"]["region"]["2"]["state"] == "in_development"
    assert item15["levels"]["region"]["4"]["threshold"] == {"cadence": "monthly"}
    assert item15["levels"]["office"]["4"]["offices"] == "all"
    assert item15["measure"] == "knowledge_bank"


def test_a_body_that_is_not_an_object_is_a_400(coordinator, world):
    response = coordinator.post(url(world.r52), data="[1]", content_type="application/json")
    api_error(response, 400, "bad_request")
