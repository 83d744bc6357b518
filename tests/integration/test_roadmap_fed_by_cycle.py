"""The roadmap fed by the pilot's work (issue #17 §1): a line names the artefact that completes
it (template data citing the seed); when the work records it, the line shows it as its
deliverable and moves to done, in its history as done by the CX cycle with the link; when it
is removed or the cycle steps back, the line is reopened and says why. A coordinator may still
close a line by hand, with a document."""

import datetime as dt

import pytest
import sqlalchemy as sa

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.roadmaps import reports
from cxflow.roadmaps.methodology import templates
from cxflow.roadmaps.tasks import sync_roadmaps_with_work
from cxflow.users.services import get_by_email
from cxflow.working_groups.models import Meeting
from tests.helpers import by_number, create_pilot, page_text

EN = {"Accept-Language": "en"}


@pytest.fixture
def roadmap(world, api):
    """A journey pilot of region 52 from the 2021 template, made by its coordinator."""
    return create_pilot(api.as_(world.regional_coordinator), world.r52, start="2026-06-01")


def _lines(api, pilot) -> dict:
    return by_number(
        {"activities": api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"]}
    )


def _history(api, line) -> list:
    response = api.get(f"/api/v1/activities/{line['id']}/history")
    assert response.status_code == 200, response.json
    return response.json["items"]


def _kpi(api, pilot):
    body = {"group": "problem_solving", "title": "Срок поиска работы"}
    response = api.post(f"/api/v1/pilots/{pilot['id']}/kpis", json=body)
    assert response.status_code == 201, response.json
    return response.json


def _profile(api, pilot, title="Инвалид 50+"):
    response = api.post(f"/api/v1/pilots/{pilot['id']}/profiles", json={"title": title})
    assert response.status_code == 201, response.json
    return response.json


def _journey(api, pilot, profile):
    body = {
        "title": "Путь инвалида",
        "service": "Содействие гражданам в поиске подходящей работы",
        "profile_id": profile["id"],
        "stages": [{"title": "Поиск информации", "touchpoints": ["Сайт ЦЗН"]}],
    }
    response = api.post(f"/api/v1/pilots/{pilot['id']}/journeys", json=body)
    assert response.status_code == 201, response.json
    return response.json


def _measure(api, stage_id, period_end="2026-09-30"):
    body = {
        "method": "exit_poll",
        "metric": "share_satisfied",
        "value": 61,
        "sample_size": 45,
        "period_start": "2026-09-01",
        "period_end": period_end,
    }
    response = api.post(f"/api/v1/journey-stages/{stage_id}/measurements", json=body)
    assert response.status_code == 201, response.json
    return response.json


def _meeting(api, pilot, number, held_on, **extra):
    body = {"number": number, "held_on": held_on, "protocol": "Присутствовали…", **extra}
    response = api.post(f"/api/v1/pilots/{pilot['id']}/meetings", json=body)
    assert response.status_code == 201, response.json
    return response.json


def test_the_template_names_what_completes_each_line_citing_the_seed():
    items = {i.number: i for i in templates()["journey-2021"].items}
    expected = {
        "1.3": "order",
        "2.2": "kpis",
        "2.3": "meeting-1",
        "2.4": "profile",
        "2.5": "journey",
        "2.6": "meeting-2",
        "2.7": "measurements",
        "2.8": "solution_map",
        "2.9": "meeting-3",
        "2.12": "meeting-4",
        "1.6": "order",
        "1.8": "roadmap_approval",
    }
    assert {n: i.completed_by for n, i in items.items() if i.completed_by} == expected
    assert all(items[n].completed_by_source.startswith("seed 001, Приложение 1") for n in expected)
    cx = {i.number: i.completed_by for i in templates()["cx-system"].items if i.completed_by}
    assert cx == {"1.1": "order", "1.7": "journey"}


def test_the_cycles_artefacts_close_their_lines_with_their_own_days(world, api, roadmap):
    today = region_today(world.r52.timezone)
    _kpi(api, roadmap)
    profile = _profile(api, roadmap)
    journey = _journey(api, roadmap, profile)
    _measure(api, journey["stages"][0]["id"], period_end="2026-10-02")
    _meeting(api, roadmap, 1, "2026-07-10")
    lines = _lines(api, roadmap)
    for number in ("2.2", "2.3", "2.4", "2.5", "2.7"):
        line = lines[number]
        assert line["status"] == "done" and line["done_by_cycle"], number
        assert not line["overdue"]
    assert lines["2.2"]["completed_on"] == today.isoformat()  # the KPIs' day
    assert lines["2.3"]["completed_on"] == "2026-07-10"  # the meeting's day
    assert lines["2.7"]["completed_on"] == "2026-10-02"  # the measurement's last day
    assert lines["2.4"]["artefact"] == {
        "title": "Портрет клиента: Инвалид 50+",
        "path": f"/profiles/{profile['id']}",
    }
    assert lines["2.5"]["artefact"]["path"] == f"/journeys/{journey['id']}"
    # the history: done by the CX cycle, with the link; the actor is who recorded it
    history = _history(api, lines["2.4"])
    assert [(h["event"], h["to_stage"]) for h in history] == [("complete", "done")]
    assert history[0]["comment"].startswith("Выполнено циклом КО: Портрет клиента")
    assert history[0]["link"] == f"/profiles/{profile['id']}"
    assert history[0]["actor"] == world.regional_coordinator.full_name
    # what has no artefact yet stays open, and says what would close it
    assert lines["2.8"]["status"] == "planned" and lines["2.8"]["artefact"] is None
    assert lines["2.6"]["status"] == "planned"  # meeting No. 2 not held


def test_a_planned_meeting_does_not_close_its_line(world, api, roadmap):
    later = region_today(world.r52.timezone) + dt.timedelta(days=10)
    _meeting(api, roadmap, 1, later.isoformat())
    assert _lines(api, roadmap)["2.3"]["status"] == "planned"


def test_the_daily_job_closes_the_line_when_the_planned_meeting_day_comes(world, api, roadmap):
    later = region_today(world.r52.timezone) + dt.timedelta(days=10)
    _meeting(api, roadmap, 1, later.isoformat())
    # ten days pass: the meeting's day is now behind, and nothing else changed in the pilot
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.pilot_id == roadmap["id"]))
    meeting.held_on = region_today(world.r52.timezone) - dt.timedelta(days=1)
    db.session.commit()
    assert _lines(api, roadmap)["2.3"]["status"] == "planned"

    assert sync_roadmaps_with_work.delay().get() == 1
    db.session.expire_all()  # the job committed in its own session
    line = _lines(api, roadmap)["2.3"]
    assert line["status"] == "done" and line["completed_on"] == meeting.held_on.isoformat()
    assert sync_roadmaps_with_work.delay().get() == 1  # still waiting lines: read, nothing new
    assert _lines(api, roadmap)["2.3"]["status"] == "done"


def test_the_order_closes_the_working_group_lines(world, api, roadmap):
    api.post(
        f"/api/v1/pilots/{roadmap['id']}/deliverables",
        json={"kind": "order", "title": "Приказ № 12", "url": "https://example.org/order.pdf"},
    )
    lines = _lines(api, roadmap)
    assert lines["1.3"]["status"] == "done" and lines["1.6"]["status"] == "done"
    assert lines["1.3"]["artefact"]["title"] == "Приказ: Приказ № 12"
    # the order's own date, once set, is the day it was done
    pilot = api.get(f"/api/v1/pilots/{roadmap['id']}").json
    api.patch(
        f"/api/v1/pilots/{roadmap['id']}",
        json={"order_date": "2026-06-05", "version": pilot["version"]},
    )
    assert _lines(api, roadmap)["1.3"]["completed_on"] != "2026-06-05"  # closed already: kept


def test_removing_the_artefact_reopens_the_line_and_it_says_so(world, api, roadmap):
    profile = _profile(api, roadmap)
    assert _lines(api, roadmap)["2.4"]["status"] == "done"
    assert api.delete(f"/api/v1/profiles/{profile['id']}").status_code == 204
    line = _lines(api, roadmap)["2.4"]
    assert line["status"] == "in_progress" and not line["done_by_cycle"]
    assert line["completed_on"] is None and line["artefact"] is None
    assert "портрет клиента в цикле КО" in line["cycle_note"]
    history = _history(api, line)
    assert [h["event"] for h in history] == ["complete", "reopen"]
    assert history[-1]["comment"] == line["cycle_note"]
    # the report reads the truth, and a new profile closes it again
    report = api.get("/api/v1/reports/monitoring?direction=journey").json
    row = next(r for r in report["rows"] if r["number"] == "2.4")
    assert row["statuses"][str(roadmap["id"])] == "overdue"  # open again, and past its day
    _profile(api, roadmap, "Инвалид 50+ (вторая версия)")
    line = _lines(api, roadmap)["2.4"]
    assert line["status"] == "done" and line["cycle_note"] == ""
    assert [h["event"] for h in _history(api, line)] == ["complete", "reopen", "complete"]


def test_a_step_back_reopens_the_lines_it_reworks_until_the_cycle_passes_again(world, api, roadmap):
    _kpi(api, roadmap)
    profile = _profile(api, roadmap)
    _journey(api, roadmap, profile)
    pilot = db.session.get(Pilot, roadmap["id"])
    pilot.stage = "journey"  # as if it had come this far
    db.session.commit()
    back = api.post(
        f"/api/v1/pilots/{roadmap['id']}/cycle/transitions",
        json={"event": "step_back", "comment": "Портрет неполный"},
    )
    assert back.status_code == 200, back.json
    lines = _lines(api, roadmap)
    assert lines["2.2"]["status"] == "done"  # the KPIs' stage is not reworked
    for number in ("2.4", "2.5"):  # the profile's stage and the journey's after it
        assert lines[number]["status"] == "in_progress", number
        assert "«Портрет клиента»" in lines[number]["cycle_note"]
        assert "Портрет неполный" in lines[number]["cycle_note"]
        assert lines[number]["artefact"] is not None  # still there, being reworked
    on = api.post(f"/api/v1/pilots/{roadmap['id']}/cycle/transitions", json={"event": "advance"})
    assert on.status_code == 200, on.json
    lines = _lines(api, roadmap)
    assert lines["2.4"]["status"] == "done" and lines["2.4"]["cycle_note"] == ""
    assert lines["2.5"]["status"] == "in_progress"  # its stage is the one now reworked


def test_a_line_is_closed_by_hand_only_with_a_document(world, api, roadmap):
    line = by_number(roadmap)["2.4"]
    url = f"/api/v1/activities/{line['id']}/transitions"
    refused = api.post(url, json={"event": "complete"}, headers=EN)
    assert refused.status_code == 409
    assert "a client profile in the CX cycle" in " ".join(refused.json["error"]["blockers"])
    api.post(
        f"/api/v1/activities/{line['id']}/deliverables",
        json={"kind": "other", "title": "Портрет (Word)", "url": "https://example.org/p.docx"},
    )
    done = api.post(url, json={"event": "complete"})
    assert done.status_code == 200 and done.json["status"] == "done"
    assert not done.json["done_by_cycle"]
    # the artefact comes and goes: a line closed with its own document stays closed
    profile = _profile(api, roadmap)
    api.delete(f"/api/v1/profiles/{profile['id']}")
    line = _lines(api, roadmap)["2.4"]
    assert line["status"] == "done" and line["cycle_note"] == ""


def test_a_line_reopened_by_hand_stays_open_until_its_artefact_comes_anew(world, api, roadmap):
    _profile(api, roadmap)
    line = _lines(api, roadmap)["2.4"]
    url = f"/api/v1/activities/{line['id']}/transitions"
    reopened = api.post(url, json={"event": "reopen", "comment": "Портрет не согласован"})
    assert reopened.json["status"] == "in_progress"
    _kpi(api, roadmap)  # other work changes: the line is left as the user put it
    assert _lines(api, roadmap)["2.4"]["status"] == "in_progress"
    # closing it by hand now rests on the profile: it may, without a document
    assert api.post(url, json={"event": "complete"}).json["done_by_cycle"] is True


def test_the_roadmaps_approval_closes_its_programme_line(world, api, roadmap):
    _meeting(api, roadmap, 1, "2026-06-20", approves_roadmap=True)
    approved = api.post(
        f"/api/v1/pilots/{roadmap['id']}/roadmap/transitions", json={"event": "approve"}
    )
    assert approved.status_code == 200, approved.json
    line = _lines(api, roadmap)["1.8"]  # seed 001 App. 1 item 1.4, an optional line
    assert line["optional"] and line["status"] == "done"
    assert line["completed_on"] == "2026-06-20"  # the approving meeting's day
    assert "№ 1 от 20.06.2026" in line["artefact"]["title"]


def test_a_held_meeting_brings_the_next_one_within_21_days(world, api, roadmap):
    """Seed 001 App. 1 item 2.1.9: meetings «не реже 1 раза в 3 недели» — the next is due at
    most 21 calendar days after the previous one held."""
    planned = by_number(roadmap)["2.6"]["due_date"]
    _meeting(api, roadmap, 1, "2026-07-01")
    lines = _lines(api, roadmap)
    assert lines["2.6"]["due_date"] == min(planned, "2026-07-22")
    assert lines["2.6"]["due_date"] == "2026-07-22"


def test_the_page_shows_the_deliverable_the_history_and_the_note(world, api, client, auth, roadmap):
    profile = _profile(api, roadmap)
    api.delete(f"/api/v1/profiles/{profile['id']}")
    _profile(api, roadmap, "Второй портрет")
    auth.login(world.regional_coordinator)
    page = client.get(f"/pilots/{roadmap['id']}").get_data(as_text=True)
    assert "Портрет клиента: Второй портрет" in page and "из цикла КО" in page
    assert "Выполнено циклом КО" in page and "Возвращено в работу циклом КО" in page
    assert "Выполняется циклом КО, когда есть" in page  # a line still waiting says for what
    text = page_text(page)
    assert "необязательная строка" in text and "seed 001, Приложение 1, п. 1.2" in text


def test_demo_pilot_52_reports_its_real_progress(app):
    """Issue #17: demo pilot 52 reached the solution map with a portrait, a journey and
    measurements; its monitoring report must not show 2.4 and 2.5 overdue, and lines closed by
    the demo's data carry their own days, not the day the demo was loaded."""
    app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    pilot = db.session.scalar(
        sa.select(Pilot).where(Pilot.title == "Путь клиента: граждане с инвалидностью")
    )
    assert pilot.stage == "solution_map"
    report = reports.monitoring_report(get_by_email("consultant@cxflow.local"), "journey")
    statuses = {row.number: row.statuses[pilot.id] for row in report.rows}
    for number in ("1.3", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.12"):
        assert statuses[number] == "done", number
    lines = {a.number: a for a in pilot.activities}
    today = region_today(pilot.region.timezone)
    assert all(a.completed_on < today for a in lines.values() if a.status == "done")
    meetings = db.session.scalars(
        sa.select(Meeting.held_on).where(Meeting.pilot_id == pilot.id).order_by(Meeting.number)
    )
    assert [lines[n].completed_on for n in ("2.3", "2.6", "2.9", "2.12")] == list(meetings)
    assert lines["1.3"].completed_on == pilot.order_date
