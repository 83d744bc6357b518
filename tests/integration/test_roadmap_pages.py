"""Pilots and roadmaps through the pages: create, edit, approve, progress, documents."""

import io

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.pilots.models import Deliverable, Pilot
from cxflow.roadmaps.models import Activity


def _new_pilot(client, world, **extra):
    data = {
        "region_id": world.r52.id,
        "direction": "journey",
        "title": "Путь клиента",
        "template": "journey-2021",
        "start_date": "2026-02-02",
        **extra,
    }
    response = client.post("/pilots/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(sa.select(Pilot).order_by(Pilot.id.desc()))


def _line(pilot, number):
    return db.session.scalar(
        sa.select(Activity).where(Activity.pilot_id == pilot.id, Activity.number == number)
    )


def test_coordinator_creates_pilot_and_sees_roadmap(world, client, auth):
    auth.login(world.regional_coordinator)
    pilot = _new_pilot(client, world)
    page = client.get(f"/pilots/{pilot.id}").get_data(as_text=True)
    assert "Путь клиента" in page and "timeline-bar" in page
    assert 'id="activity-' in page and "2.12" in page
    assert "протокол" in page  # the approval checklist names the missing protocol
    assert "Путь клиента" in client.get("/pilots/").get_data(as_text=True)


def test_new_pilot_errors_name_fields(world, client, auth):
    auth.login(world.regional_coordinator)
    response = client.post(
        "/pilots/new",
        data={
            "region_id": world.r52.id,
            "direction": "journey",
            "title": "x",
            "template": "",
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
        },
    )
    assert response.status_code == 422 and 'id="end_date-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Pilot.id))) == 0


def test_other_region_and_roles(world, client, auth):
    auth.login(world.regional_coordinator)
    pilot = _new_pilot(client, world)
    auth.logout()
    auth.login(world.coordinator74)
    assert client.get(f"/pilots/{pilot.id}").status_code == 404
    assert client.get(f"/pilots/{pilot.id}/order").status_code == 404
    auth.logout()
    auth.login(world.manager)
    page = client.get(f"/pilots/{pilot.id}").get_data(as_text=True)
    assert "Add a line" not in page and "Добавить строку" not in page
    assert client.get(f"/pilots/{pilot.id}/edit").status_code == 403
    assert (
        client.post(
            f"/activities/{_line(pilot, '2.1').id}/transitions", data={"event": "start"}
        ).status_code
        == 403
    )
    assert _line(pilot, "2.1").status == "planned"


def test_edit_activity_and_conflict(world, client, auth):
    auth.login(world.regional_coordinator)
    pilot = _new_pilot(client, world)
    line = _line(pilot, "2.2")
    url = f"/activities/{line.id}/edit"
    data = {
        "title": line.title,
        "responsible": "Иванова",
        "start_date": "2026-12-28",
        "duration_working_days": "5",
        "due_date": "",
        "result": "",
        "deliverable_kind": "",
        "note": "",
        "responsible_user_id": str(world.working_group_member.id),
        "version": line.version,
    }
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(line)
    assert line.due_date.isoformat() == "2027-01-12" and line.responsible == "Иванова"
    stale = client.post(url, data={**data, "responsible": "Петров"})
    assert stale.status_code == 422
    db.session.refresh(line)
    assert line.responsible == "Иванова"
    auth.logout()
    auth.login(world.working_group_member)
    mine = client.get("/my/activities").get_data(as_text=True)
    assert line.title in mine


def test_approve_and_progress_through_pages(world, client, auth, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    auth.login(world.regional_coordinator)
    pilot = _new_pilot(client, world)
    refused = client.post(
        f"/pilots/{pilot.id}/roadmap/transitions", data={"event": "approve"}, follow_redirects=True
    )
    assert "протокол" in refused.get_data(as_text=True)
    upload = client.post(
        f"/pilots/{pilot.id}/deliverables",
        data={
            "kind": "protocol",
            "title": "",
            "url": "",
            "activity_id": "",
            "file": (io.BytesIO(b"%PDF-1.4 protocol"), "Протокол РГ №1.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    deliverable = db.session.scalar(sa.select(Deliverable))
    assert deliverable.title == "Протокол РГ №1.pdf"
    download = client.get(f"/deliverables/{deliverable.id}")
    assert download.data == b"%PDF-1.4 protocol"
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]
    # a protocol among the documents is not enough: the meeting that approved the roadmap
    # (seed 001 App. 1 item 1.4) is recorded, marked as approving it
    client.post(f"/pilots/{pilot.id}/roadmap/transitions", data={"event": "approve"})
    db.session.refresh(pilot)
    assert pilot.roadmap_status == "draft"
    meeting = client.post(
        f"/pilots/{pilot.id}/working-group/meetings/new",
        data={
            "number": "1",
            "held_on": "2026-02-10",
            "protocol": "Утвердили дорожную карту",
            "decisions": "",
            "approves_roadmap": "y",
        },
    )
    assert meeting.status_code == 302, meeting.get_data(as_text=True)[:2000]
    client.post(f"/pilots/{pilot.id}/roadmap/transitions", data={"event": "approve"})
    db.session.refresh(pilot)
    assert pilot.roadmap_status == "approved"
    line = _line(pilot, "2.1")
    client.post(f"/activities/{line.id}/transitions", data={"event": "complete"})
    db.session.refresh(line)
    assert line.status == "done" and line.completed_on
    report = client.get(f"/pilots/{pilot.id}/results-report").get_data(as_text=True)
    assert line.completed_on.strftime("%d.%m.%Y") in report


def test_bad_upload_is_refused_with_the_field_named(world, client, auth, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    auth.login(world.regional_coordinator)
    pilot = _new_pilot(client, world)
    response = client.post(
        f"/pilots/{pilot.id}/deliverables",
        data={
            "kind": "other",
            "title": "",
            "url": "",
            "activity_id": "",
            "file": (io.BytesIO(b"MZ"), "virus.exe"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and 'id="file-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Deliverable.id))) == 0


def test_structure_editing(world, client, auth):
    auth.login(world.regional_coordinator)
    pilot = _new_pilot(client, world)
    parent = _line(pilot, "2.5")
    response = client.post(
        f"/pilots/{pilot.id}/activities/new",
        data={
            "title": "Интервью с клиентами",
            "kind": "activity",
            "parent_id": parent.id,
            "start_date": "2026-03-02",
            "duration_working_days": "10",
            "due_date": "",
            "responsible": "",
            "result": "",
            "deliverable_kind": "",
            "note": "",
            "responsible_user_id": "",
        },
    )
    assert response.status_code == 302
    child = _line(pilot, "2.5.1")
    # 10 working days from Monday 02.03.2026; 9 March is a day off
    assert child.title == "Интервью с клиентами" and child.due_date.isoformat() == "2026-03-16"
    client.post(f"/activities/{child.id}/move", data={"how": "outdent"})
    db.session.refresh(child)
    assert child.number == "2.6"
    client.post(f"/activities/{child.id}/delete")
    assert db.session.get(Activity, child.id) is None
    assert _line(pilot, "2.6").title != "Интервью с клиентами"


def test_pilot_edit_order_and_monitoring(world, client, auth):
    auth.login(world.regional_coordinator)
    pilot = _new_pilot(client, world)
    response = client.post(
        f"/pilots/{pilot.id}/edit",
        data={
            "title": pilot.title,
            "target_group": "Люди с инвалидностью",
            "service": "Содействие в поиске подходящей работы",
            "end_date": "2026-11-01",
            "order_number": "15-од",
            "order_date": "2026-02-10",
            "office_ids": [world.office52.id],
            "preparatory_start": "2026-02-02",
            "preparatory_end": "2026-03-01",
            "main_start": "",
            "main_end": "",
            "final_start": "",
            "final_end": "",
            "results_remarks": "",
            "results_effects": "",
            "version": pilot.version,
        },
    )
    assert response.status_code == 302
    order = client.get(f"/pilots/{pilot.id}/order").get_data(as_text=True)
    assert "15-од" in order and world.office52.name in order and "10.02.2026" in order
    auth.logout()
    auth.login(world.federal_consultant)
    monitoring = client.get("/reports/monitoring?direction=journey").get_data(as_text=True)
    assert "Нижегородская область" in monitoring and "2.12" in monitoring
