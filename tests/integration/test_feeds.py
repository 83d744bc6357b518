"""ICS calendar feeds of roadmap deadlines: the public link, its rules, the page and the API."""

import datetime as dt
import re

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.roadmaps.models import CalendarFeed
from tests.helpers import api_error, create_pilot

LONG_TITLE = "Совещание рабочей группы; итоги, план\\действий на следующий этап пилотной апробации"


# --- reading an ICS text as a calendar app does ---------------------------------------------


def _content_lines(text: str) -> list[str]:
    """Check CRLF endings and the 75-octet limit, then unfold (RFC 5545 §3.1)."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _calendar(text: str) -> tuple[dict, dict]:
    """The calendar's own properties, and its events by UID (each a dict of properties)."""
    props: dict = {}
    events: dict = {}
    event: dict | None = None
    for line in _content_lines(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            event = {}
        elif line == "END:VEVENT":
            events[event["UID"]] = event
            event = None
        elif event is not None:
            event[name] = value
        else:
            props[name] = value
    assert props["BEGIN"] == "VCALENDAR" and props["END"] == "VCALENDAR"
    return props, events


# --- making feeds through the API -----------------------------------------------------------


def _activities(api, pilot) -> list[dict]:
    return api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"]


def _dated(items) -> list[dict]:
    return [a for a in items if a["due_date"] and a["kind"] != "heading"]


def _feed(api, user, pilot_id=None) -> dict:
    body = {} if pilot_id is None else {"pilot_id": pilot_id}
    response = api.as_(user).post("/api/v1/feeds", json=body)
    assert response.status_code == 201, response.json
    return response.json


def _make_responsible(api, world, line, user):
    response = api.as_(world.regional_coordinator).patch(
        f"/api/v1/activities/{line['id']}",
        json={"responsible_user_id": user.id, "version": line["version"]},
    )
    assert response.status_code == 200, response.json


# --- the feeds ------------------------------------------------------------------------------


def test_pilot_feed_lists_every_dated_activity(world, api, client):
    # in the past: some lines are overdue
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2025-01-09")
    added = api.post(
        f"/api/v1/pilots/{pilot['id']}/activities",
        json={"title": LONG_TITLE, "kind": "checkpoint", "due_date": "2025-03-03"},
    ).json
    cancelled = _dated(_activities(api, pilot))[0]
    api.post(
        f"/api/v1/activities/{cancelled['id']}/transitions",
        json={"event": "cancel", "comment": "Не требуется"},
    )
    feed = _feed(api, world.working_group_member, pilot["id"])

    response = client.get(feed["url"])
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    text = response.get_data(as_text=True)
    assert any(line.startswith(" ") for line in text.split("\r\n"))  # long lines were folded
    props, events = _calendar(text)
    assert props["VERSION"] == "2.0" and props["CALSCALE"] == "GREGORIAN" and props["PRODID"]
    assert _unescape(props["X-WR-CALNAME"]) == pilot["title"]

    dated = _dated(_activities(api, pilot))
    assert len(dated) > 10 and any(a["kind"] == "checkpoint" for a in dated)
    assert set(events) == {f"activity-{a['id']}@cxflow" for a in dated}
    for line in dated:
        event = events[f"activity-{line['id']}@cxflow"]
        due = dt.date.fromisoformat(line["due_date"])
        assert event["DTSTART;VALUE=DATE"] == f"{due:%Y%m%d}"
        assert event["DTEND;VALUE=DATE"] == f"{due + dt.timedelta(days=1):%Y%m%d}"
        assert _unescape(event["SUMMARY"]) == f"{line['number']} {line['title']}"
        assert event["URL"] == f"http://localhost/pilots/{pilot['id']}"
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert (event.get("STATUS") == "CANCELLED") is (line["id"] == cancelled["id"])
        described = _unescape(event["DESCRIPTION"])
        assert line["overdue"] is ("просрочено" in described or "overdue" in described)
    assert _unescape(events[f"activity-{added['id']}@cxflow"]["SUMMARY"]).endswith(LONG_TITLE)


def test_user_feed_holds_only_the_owners_activities(world, api, client):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    first, second, third = _dated(_activities(api, pilot))[:3]
    _make_responsible(api, world, first, world.working_group_member)
    _make_responsible(api, world, second, world.working_group_member)
    _make_responsible(api, world, third, world.manager)
    feed = _feed(api, world.working_group_member)
    assert feed["pilot_id"] is None

    props, events = _calendar(client.get(feed["url"]).get_data(as_text=True))
    assert set(events) == {f"activity-{first['id']}@cxflow", f"activity-{second['id']}@cxflow"}
    name = _unescape(props["X-WR-CALNAME"])
    assert name.endswith("— cxflow") and ("Мои мероприятия" in name or "My activities" in name)
    assert world.working_group_member.full_name in _unescape(
        events[f"activity-{first['id']}@cxflow"]["DESCRIPTION"]
    )


def test_revoked_and_unknown_feeds_answer_404(world, api, client):
    feed = _feed(api, world.manager)
    assert client.get(feed["url"]).status_code == 200
    assert api.as_(world.manager).delete(f"/api/v1/feeds/{feed['id']}").status_code == 204
    assert client.get(feed["url"]).status_code == 404
    assert client.get("/feeds/no-such-token.ics").status_code == 404
    assert client.get("/feeds/" + "x" * 100 + ".ics").status_code == 404


def test_feed_of_a_deactivated_user_answers_404(world, api, client):
    feed = _feed(api, world.manager)
    world.manager.active = False
    db.session.commit()
    assert client.get(feed["url"]).status_code == 404


def test_pilot_feed_stops_when_its_owner_leaves_the_region(world, api, client):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    feed = _feed(api, world.working_group_member, pilot["id"])
    world.working_group_member.region = world.r74
    db.session.commit()
    assert client.get(feed["url"]).status_code == 404
    assert api.as_(world.working_group_member).get("/api/v1/feeds").json["total"] == 0


def test_feed_for_a_pilot_of_another_region_is_404(world, api, client, auth):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    response = api.as_(world.coordinator74).post("/api/v1/feeds", json={"pilot_id": pilot["id"]})
    api_error(response, 404, "not_found")
    auth.login(world.coordinator74)
    assert client.post("/feeds/", data={"pilot_id": pilot["id"]}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0


def test_api_creates_lists_and_revokes_feeds(world, api, client):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    own = _feed(api, world.regional_coordinator)
    of_pilot = _feed(api, world.regional_coordinator, pilot["id"])
    assert set(of_pilot) == {"id", "pilot_id", "url", "created_at"}
    assert of_pilot["pilot_id"] == pilot["id"]
    assert re.fullmatch(r"http://localhost/feeds/[\w-]{43}\.ics", of_pilot["url"])

    listed = api.get("/api/v1/feeds").json
    assert listed["total"] == 2 and [f["id"] for f in listed["items"]] == [
        of_pilot["id"],
        own["id"],
    ]
    assert api.as_(world.manager).get("/api/v1/feeds").json == {"items": [], "total": 0}
    api_error(api.delete(f"/api/v1/feeds/{own['id']}"), 404, "not_found")
    api_error(api.delete("/api/v1/feeds/999999"), 404, "not_found")
    assert api.as_(world.admin).delete(f"/api/v1/feeds/{own['id']}").status_code == 204
    assert client.get(own["url"]).status_code == 404
    listed = api.as_(world.regional_coordinator).get("/api/v1/feeds").json
    assert [f["id"] for f in listed["items"]] == [of_pilot["id"]]
    api_error(api.post("/api/v1/feeds", json={"pilot_id": "x"}), 422, "validation_error")


def test_public_link_needs_no_sign_in_but_the_page_does(world, api, client):
    feed = _feed(api, world.manager)
    page = client.get("/feeds/")
    assert page.status_code == 302 and page.location.startswith("/auth/login?next=")
    assert client.post("/feeds/").status_code == 302
    assert client.get(feed["url"]).status_code == 200


def test_page_creates_shows_and_revokes_links(world, api, client, auth):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    auth.login(world.regional_coordinator)
    page = client.get("/feeds/").get_data(as_text=True)
    assert 'for="pilot_id"' in page and pilot["title"] in page and "<table" not in page
    assert 'href="/feeds/"' in client.get("/my/activities").get_data(as_text=True)

    assert client.post("/feeds/", data={"pilot_id": pilot["id"]}).status_code == 302
    assert client.post("/feeds/", data={"pilot_id": ""}).status_code == 302
    assert client.post("/feeds/", data={"pilot_id": "abc"}).status_code == 422
    made = db.session.scalars(sa.select(CalendarFeed).order_by(CalendarFeed.id)).all()
    assert [f.pilot_id for f in made] == [pilot["id"], None]
    page = client.get("/feeds/").get_data(as_text=True)
    assert "<caption>" in page
    for feed in made:
        assert f'value="http://localhost/feeds/{feed.token}.ics"' in page

    other = _feed(api, world.manager)
    assert client.post(f"/feeds/{other['id']}/revoke").status_code == 404
    assert client.post(f"/feeds/{made[0].id}/revoke").status_code == 302
    page = client.get("/feeds/").get_data(as_text=True)
    assert made[0].token not in page and made[1].token in page
    assert client.get(f"/feeds/{made[0].token}.ics").status_code == 404
    assert client.get(f"/feeds/{made[1].token}.ics").status_code == 200
