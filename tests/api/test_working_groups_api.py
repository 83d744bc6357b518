"""The working group through the API: members, meetings, the protocol's file, the cadence
warnings; validation naming the field, stale versions, scoping and permissions."""

import datetime as dt
import io

import pytest

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from tests import factories
from tests.helpers import api_error


def _member(api, pilot_id, **extra):
    body = {
        "full_name": "Петрова Анна",
        "position": "начальник отдела",
        "organisation": "ГКУ ЦЗН г. Нижнего Новгорода",
        "is_target_group_representative": False,
        **extra,
    }
    response = api.post(f"/api/v1/pilots/{pilot_id}/members", json=body)
    assert response.status_code == 201, response.json
    return response.json


def _meeting(api, pilot_id, number=1, held_on="2026-09-10", **extra):
    body = {"number": number, "held_on": held_on, "protocol": "Протокол №1", **extra}
    response = api.post(f"/api/v1/pilots/{pilot_id}/meetings", json=body)
    assert response.status_code == 201, response.json
    return response.json


def test_members_crud(world, api, pilot):
    api.as_(world.regional_coordinator)
    member = _member(
        api,
        pilot.id,
        email="Petrova@Example.org",
        phone="+7 831 000-00-00",
        role="секретарь",
        is_leader=True,
        user_id=world.working_group_member.id,
    )
    assert member["pilot_id"] == pilot.id and member["version"] == 1
    assert member["email"] == "petrova@example.org" and member["is_leader"] is True
    assert member["user_id"] == world.working_group_member.id
    outsider = _member(
        api,
        pilot.id,
        full_name="Кузнецов Олег",
        organisation="ГУФСИН России по Челябинской области",
        is_target_group_representative=True,
    )
    listed = api.get(f"/api/v1/pilots/{pilot.id}/members").json
    assert listed["total"] == 2
    assert [m["full_name"] for m in listed["items"]] == ["Петрова Анна", "Кузнецов Олег"]
    assert api.get(f"/api/v1/members/{outsider['id']}").json["organisation"].startswith("ГУФСИН")

    patched = api.patch(f"/api/v1/members/{outsider['id']}", json={"is_leader": True, "version": 1})
    assert patched.status_code == 200 and patched.json["version"] == 2
    first = api.get(f"/api/v1/members/{member['id']}").json
    assert first["is_leader"] is False and first["version"] == 2  # one leader at most
    assert first["email"] == "petrova@example.org"  # a PATCH changes only what it sends
    stale = api.patch(f"/api/v1/members/{member['id']}", json={"role": "x", "version": 1})
    assert api_error(stale, 409, "conflict")["current_version"] == 2

    assert api.delete(f"/api/v1/members/{member['id']}").status_code == 204
    api_error(api.get(f"/api/v1/members/{member['id']}"), 404, "not_found")
    assert api.get(f"/api/v1/pilots/{pilot.id}/members").json["total"] == 1


def test_member_validation_names_the_field(world, api, pilot):
    api.as_(world.regional_coordinator)
    url = f"/api/v1/pilots/{pilot.id}/members"
    bad_email = api.post(url, json={"full_name": "Петрова Анна", "email": "petrova@"})
    assert list(api_error(bad_email, 422, "validation_error")["fields"]) == ["email"]
    blank = api.post(url, json={"full_name": "   "})
    assert "full_name" in api_error(blank, 422, "validation_error")["fields"]
    missing = api.post(url, json={"position": "директор"})
    assert "full_name" in api_error(missing, 422, "validation_error")["fields"]
    too_long = api.post(url, json={"full_name": "Я" * 201})
    assert "full_name" in api_error(too_long, 422, "validation_error")["fields"]
    other_region = api.post(url, json={"full_name": "Х", "user_id": world.coordinator74.id})
    assert list(api_error(other_region, 422, "validation_error")["fields"]) == ["user_id"]
    no_such_user = api.post(url, json={"full_name": "Х", "user_id": 999_999})
    assert "user_id" in api_error(no_such_user, 422, "validation_error")["fields"]
    member = _member(api, pilot.id)
    patch = api.patch(f"/api/v1/members/{member['id']}", json={"email": "no at sign", "version": 1})
    assert "email" in api_error(patch, 422, "validation_error")["fields"]
    assert api.get(f"/api/v1/pilots/{pilot.id}/members").json["total"] == 1


def test_members_are_scoped_and_need_the_permission(world, api, pilot):
    member = _member(api.as_(world.regional_coordinator), pilot.id)
    api.as_(world.manager)
    assert api.get(f"/api/v1/pilots/{pilot.id}/members").json["total"] == 1
    api_error(
        api.post(f"/api/v1/pilots/{pilot.id}/members", json={"full_name": "Х"}), 403, "forbidden"
    )
    api_error(
        api.patch(f"/api/v1/members/{member['id']}", json={"role": "x", "version": 1}),
        403,
        "forbidden",
    )
    api_error(api.delete(f"/api/v1/members/{member['id']}"), 403, "forbidden")
    api.as_(world.coordinator74)
    api_error(api.get(f"/api/v1/members/{member['id']}"), 404, "not_found")
    api_error(
        api.patch(f"/api/v1/members/{member['id']}", json={"role": "x", "version": 1}),
        404,
        "not_found",
    )
    api_error(api.delete(f"/api/v1/members/{member['id']}"), 404, "not_found")
    api_error(api.get(f"/api/v1/pilots/{pilot.id}/members"), 404, "not_found")
    api_error(
        api.post(f"/api/v1/pilots/{pilot.id}/members", json={"full_name": "Х"}), 404, "not_found"
    )
    api_error(api.get(f"/api/v1/pilots/{pilot.id}/working-group"), 404, "not_found")
    api.as_(world.federal_consultant)
    assert api.get(f"/api/v1/members/{member['id']}").status_code == 200


def test_meetings_crud_and_number_uniqueness(world, api, pilot):
    api.as_(world.regional_coordinator)
    first = _meeting(api, pilot.id, decisions="Утвердить дорожную карту")
    assert first["number"] == 1 and first["deliverable"] is None and first["version"] == 1
    assert first["decisions"] == "Утвердить дорожную карту"
    second = _meeting(api, pilot.id, number=2, held_on="2026-09-24")
    taken = api.post(
        f"/api/v1/pilots/{pilot.id}/meetings",
        json={"number": 1, "held_on": "2026-10-01", "protocol": "П"},
    )
    assert list(api_error(taken, 422, "validation_error")["fields"]) == ["number"]
    zero = api.post(
        f"/api/v1/pilots/{pilot.id}/meetings",
        json={"number": 0, "held_on": "2026-10-01", "protocol": "П"},
    )
    assert "number" in api_error(zero, 422, "validation_error")["fields"]
    # the same number in another pilot is fine
    other = factories.PilotFactory(region=world.r52)
    db.session.commit()
    _meeting(api, other.id)

    listed = api.get(f"/api/v1/pilots/{pilot.id}/meetings").json
    assert [m["number"] for m in listed["items"]] == [1, 2] and listed["total"] == 2
    renumber = api.patch(f"/api/v1/meetings/{second['id']}", json={"number": 1, "version": 1})
    assert "number" in api_error(renumber, 422, "validation_error")["fields"]
    patched = api.patch(
        f"/api/v1/meetings/{second['id']}",
        json={"number": 3, "decisions": "Новые решения", "version": 1},
    )
    assert patched.status_code == 200, patched.json
    assert patched.json["number"] == 3 and patched.json["protocol"] == "Протокол №1"
    stale = api.patch(f"/api/v1/meetings/{second['id']}", json={"number": 4, "version": 1})
    api_error(stale, 409, "conflict")
    assert api.delete(f"/api/v1/meetings/{first['id']}").status_code == 204
    api_error(api.get(f"/api/v1/meetings/{first['id']}"), 404, "not_found")


def test_meeting_date_is_at_most_a_year_ahead(world, api, pilot):
    api.as_(world.regional_coordinator)
    today = region_today(world.r52.timezone)
    limit = today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else None
    url = f"/api/v1/pilots/{pilot.id}/meetings"
    if limit:
        assert _meeting(api, pilot.id, held_on=limit.isoformat())["held_on"] == limit.isoformat()
    late = (today + dt.timedelta(days=367)).isoformat()
    too_late = api.post(url, json={"number": 2, "held_on": late, "protocol": "П"})
    assert list(api_error(too_late, 422, "validation_error")["fields"]) == ["held_on"]
    not_a_date = api.post(url, json={"number": 2, "held_on": "31.08.2026", "protocol": "П"})
    assert "held_on" in api_error(not_a_date, 422, "validation_error")["fields"]
    no_protocol = api.post(url, json={"number": 2, "held_on": "2026-09-10", "protocol": " "})
    assert "protocol" in api_error(no_protocol, 422, "validation_error")["fields"]


def test_meetings_are_scoped_and_need_the_permission(world, api, pilot):
    meeting = _meeting(api.as_(world.regional_coordinator), pilot.id)
    api.as_(world.manager)
    assert api.get(f"/api/v1/pilots/{pilot.id}/meetings").json["total"] == 1
    body = {"number": 5, "held_on": "2026-09-10", "protocol": "П"}
    api_error(api.post(f"/api/v1/pilots/{pilot.id}/meetings", json=body), 403, "forbidden")
    api_error(api.delete(f"/api/v1/meetings/{meeting['id']}"), 403, "forbidden")
    api.as_(world.working_group_member)
    api_error(api.post(f"/api/v1/pilots/{pilot.id}/meetings", json=body), 403, "forbidden")
    api.as_(world.coordinator74)
    api_error(api.get(f"/api/v1/meetings/{meeting['id']}"), 404, "not_found")
    api_error(api.patch(f"/api/v1/meetings/{meeting['id']}", json={"version": 1}), 404, "not_found")
    api_error(api.delete(f"/api/v1/meetings/{meeting['id']}"), 404, "not_found")
    upload = api.post(
        f"/api/v1/meetings/{meeting['id']}/protocol",
        data={"file": (io.BytesIO(b"%PDF-1.4 x"), "p.pdf")},
        content_type="multipart/form-data",
    )
    api_error(upload, 404, "not_found")


def test_the_signed_protocol_file(world, api, pilot, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    api.as_(world.regional_coordinator)
    meeting = _meeting(api, pilot.id, number=2, held_on="2026-09-20")
    url = f"/api/v1/meetings/{meeting['id']}/protocol"
    missing = api.post(url, data={}, content_type="multipart/form-data")
    assert list(api_error(missing, 422, "validation_error")["fields"]) == ["file"]
    renamed_exe = api.post(
        url,
        data={"file": (io.BytesIO(b"MZ\x90\x00"), "protocol.pdf")},
        content_type="multipart/form-data",
    )
    assert "file" in api_error(renamed_exe, 422, "validation_error")["fields"]
    assert api.get(f"/api/v1/pilots/{pilot.id}/deliverables").json["total"] == 0
    response = api.post(
        url,
        data={"file": (io.BytesIO(b"%PDF-1.4 signed"), "Протокол РГ №2.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body["deliverable_id"] == body["deliverable"]["id"] and body["version"] == 2
    assert body["deliverable"]["download_url"] == f"/deliverables/{body['deliverable_id']}"
    deliverable = body["deliverable"]
    assert deliverable["kind"] == "protocol" and deliverable["pilot_id"] == pilot.id
    assert deliverable["original_name"] == "Протокол РГ №2.pdf" and deliverable["size"] == 15
    documents = api.get(f"/api/v1/pilots/{pilot.id}/deliverables").json["items"]
    assert [d["id"] for d in documents] == [deliverable["id"]]
    stale = api.post(
        url,
        data={"file": (io.BytesIO(b"%PDF-1.4 again"), "p.pdf"), "version": "1"},
        content_type="multipart/form-data",
    )
    api_error(stale, 409, "conflict")
    api.as_(world.manager)
    refused = api.post(
        url,
        data={"file": (io.BytesIO(b"%PDF-1.4 x"), "p.pdf")},
        content_type="multipart/form-data",
    )
    api_error(refused, 403, "forbidden")


def test_the_working_group_with_cadence_warnings(world, api, pilot):
    today = region_today(world.r52.timezone)  # the API counts by the region's date
    third = today - dt.timedelta(days=30)
    second = third - dt.timedelta(days=22)  # 22 days before No. 3: too long
    first = second - dt.timedelta(days=21)  # 21 days before No. 2: fine
    api.as_(world.regional_coordinator)
    _member(api, pilot.id, is_leader=True)
    for number, day in enumerate((first, second, third), start=1):
        _meeting(api, pilot.id, number=number, held_on=day.isoformat())
    body = api.get(
        f"/api/v1/pilots/{pilot.id}/working-group", headers={"Accept-Language": "en"}
    ).json
    assert [m["full_name"] for m in body["members"]] == ["Петрова Анна"]
    assert [m["number"] for m in body["meetings"]] == [1, 2, 3]
    assert body["warnings"] == [
        f"22 days between meeting No. 2 ({second:%d.%m.%Y}) and meeting No. 3 "
        f"({third:%d.%m.%Y}): the working group meets at least once every 3 weeks (21 days).",
        f"30 days since the last meeting, No. 3 of {third:%d.%m.%Y}: hold a meeting at least "
        "once every 3 weeks (21 days).",
    ]
    api.as_(world.manager)
    assert api.get(f"/api/v1/pilots/{pilot.id}/working-group").status_code == 200


@pytest.mark.parametrize(
    "path", ["/working-group", "/members?per_page=200", "/meetings?per_page=200"]
)
def test_lists_run_the_same_queries_for_2_and_10_rows(world, api, pilot, query_counts, path):
    def grow(n):
        for _ in range(n):
            factories.MemberFactory(pilot=pilot, user=world.working_group_member)
            factories.MeetingFactory(pilot=pilot)
        db.session.commit()

    api.as_(world.regional_coordinator)
    small, large = query_counts(api.get, [f"/api/v1/pilots/{pilot.id}{path}"], grow)
    assert large == small
