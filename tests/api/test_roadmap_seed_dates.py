"""Deadlines exactly as the seeds compute them (issue #17 §2): every template rebuilt from its
own start reproduces the seed's dates; calendar dates keep a day off; only working-day
durations go through the production calendar; meetings at most 21 calendar days apart; the
cx-system checkpoints in one project year; optional programme lines citing App. 1; phases from
the template; what approves a roadmap."""

import datetime as dt
from itertools import pairwise

import pytest

from cxflow.calendar.services import is_working_day
from cxflow.roadmaps.methodology import templates
from tests.helpers import api_error, by_number, create_pilot

# Seed 001 App. 1 (L1407–1574), the deadline of each line of the typical roadmap (App. 3) and
# of the programme's lines App. 3 omits (optional 1.6–1.9 = App. 1 items 1.2, 1.3, 1.4, 1.8).
JOURNEY_2021 = {
    "1.1": "2021-07-31",  # App. 1 item 1.1 «до 31.07.2021» (a Saturday)
    "1.2": "2021-10-22",  # item 1.7
    "1.3": "2021-08-16",  # item 2.1.1
    "2.1": "2021-08-16",  # item «2.2.2»
    "2.2": "2021-08-27",  # item 2.1.3
    "2.3": "2021-08-31",  # item 2.1.9, the first meeting
    "2.4": "2021-09-10",  # item 2.1.4
    "2.5": "2021-09-24",  # item 2.1.5
    "2.6": "2021-09-20",  # item 2.1.9, the second meeting
    "2.7": "2021-10-01",  # item 2.1.6
    "2.8": "2021-10-08",  # item 2.1.8
    "2.9": "2021-10-11",  # item 2.1.9, the third meeting
    "2.10": "2021-10-22",  # item 2.1.11
    "2.11": "2021-11-01",  # item 2.1.12
    "2.12": "2021-11-01",  # item 2.1.9, the fourth meeting
}
JOURNEY_2021_OPTIONAL = {
    "1.6": "2021-08-16",  # item 1.2, the order
    "1.7": "2021-08-16",  # item 1.3, training
    "1.8": "2021-08-16",  # item 1.4, the roadmap approved
    "1.9": "2021-11-01",  # item 1.8, the results report
}
# Seed 002 App. 3 (= App. 1 items 1, 5–10) and, optional, App. 1 items 2–4.
INDEX_2022 = {
    "1": "2022-04-01",
    "2": "2022-04-08",
    "3": "2022-04-12",
    "4": "2022-04-30",  # «до 30.04.2022г.» (a Saturday)
    "5": "2022-05-13",
    "6": "2022-05-20",
    "7": "2022-06-30",  # «С 20 по 30.06.2022»
}
INDEX_2022_OPTIONAL = {"8": "2022-04-08", "9": "2022-04-08", "10": "2022-04-08"}
# Seed 004 §2: «01 <месяца> календарного года реализации регионального проекта».
CX_SYSTEM = {
    "1.1": "03-01",
    "1.2": "12-01",
    "1.3": "05-01",
    "1.4": "08-01",
    "1.5": "04-01",
    "1.6": "12-01",
    "1.7": "06-01",
    "1.8": "12-01",
    "1.9": "07-01",
    "1.10": "12-01",
    "1.11": "04-01",
    "1.12": "12-01",
    "1.13": "09-01",
}


def _reproduced(lines: dict, expected: dict) -> int:
    return sum(lines[number]["due_date"] == due for number, due in expected.items())


def test_the_journey_template_rebuilt_from_26_06_2021_gives_the_seeds_deadlines(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2021-06-26")
    lines = by_number(pilot)
    assert _reproduced(lines, JOURNEY_2021) == len(JOURNEY_2021) == 15
    assert _reproduced(lines, JOURNEY_2021_OPTIONAL) == len(JOURNEY_2021_OPTIONAL) == 4
    assert lines["1.4"]["ongoing"] and lines["1.5"]["ongoing"]  # «на протяжении всего периода»


def test_the_index_template_rebuilt_from_01_04_2022_gives_the_seeds_deadlines(world, api):
    pilot = create_pilot(
        api.as_(world.regional_coordinator),
        world.r52,
        start="2022-04-01",
        template="index-2022",
        direction="index",
    )
    lines = by_number(pilot)
    assert _reproduced(lines, INDEX_2022) == len(INDEX_2022) == 7
    assert _reproduced(lines, INDEX_2022_OPTIONAL) == 3


@pytest.mark.parametrize("year", [2022, 2027])
def test_the_cx_system_checkpoints_fall_in_the_project_year(world, api, year):
    pilot = create_pilot(
        api.as_(world.regional_coordinator),
        world.r52,
        start=f"{year}-01-10",
        template="cx-system",
        direction="cx_system",
    )
    expected = {number: f"{year}-{day}" for number, day in CX_SYSTEM.items()}
    assert _reproduced(by_number(pilot), expected) == 13


def test_the_project_year_is_chosen_at_creation(world, api):
    api.as_(world.regional_coordinator)
    pilot = create_pilot(
        api,
        world.r52,
        start="2027-11-15",
        template="cx-system",
        direction="cx_system",
        project_year=2028,
    )
    lines = by_number(pilot)
    assert lines["1.1"]["due_date"] == "2028-03-01" and not lines["1.1"]["past_at_creation"]
    body = {
        "region_id": world.r52.id,
        "direction": "cx_system",
        "title": "x",
        "start_date": "2027-11-15",
    }
    before = api.post("/api/v1/pilots", json=body | {"template": "cx-system", "project_year": 2026})
    assert "project_year" in api_error(before, 422, "validation_error")["fields"]
    other = api.post("/api/v1/pilots", json=body | {"template": "index-2022", "project_year": 2028})
    assert "project_year" in api_error(other, 422, "validation_error")["fields"]


def test_a_calendar_date_keeps_a_day_off_and_only_durations_use_the_calendar(world, api):
    """31.07.2021 and 30.04.2022 are Saturdays: the seeds' deadlines, not the Friday before."""
    assert not is_working_day(dt.date(2021, 7, 31)) and not is_working_day(dt.date(2022, 4, 30))
    journey = by_number(
        create_pilot(api.as_(world.regional_coordinator), world.r52, start="2021-06-26")
    )
    assert journey["1.1"]["due_date"] == "2021-07-31"
    index = by_number(
        create_pilot(api, world.r52, start="2022-04-01", template="index-2022", direction="index")
    )
    line = index["4"]
    assert line["due_date"] == "2022-04-30"
    # 25–29 April 2022: five working days; the Saturday adds none
    assert (line["start_date"], line["duration_working_days"]) == ("2022-04-25", 5)
    # a duration in working days goes through the production calendar: the new due date is
    # the fifth working day from the new start: 28, 29 April, 4, 5, 6 May (1–3 May are off)
    moved = api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"start_date": "2022-04-28", "version": line["version"]},
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["due_date"] == "2022-05-06" and moved.json["duration_working_days"] == 5


def test_meetings_are_spaced_in_calendar_days_across_the_new_year(world, api):
    """Seed 001 App. 1 item 2.1.9: «не реже 1 раза в 3 недели». Meeting No. 3 due on
    16.12.2026 puts No. 4 on 06.01.2027, 21 days later, a holiday kept as a calendar date;
    before, the New Year holidays stretched it to 15.01.2027."""
    shift = dt.date(2026, 12, 16) - dt.date(2021, 10, 11)
    start = dt.date(2021, 6, 26) + shift
    lines = by_number(
        create_pilot(api.as_(world.regional_coordinator), world.r52, start=str(start))
    )
    dues = [dt.date.fromisoformat(lines[n]["due_date"]) for n in ("2.3", "2.6", "2.9", "2.12")]
    assert dues[2] == dt.date(2026, 12, 16) and dues[3] == dt.date(2027, 1, 6)
    assert [(b - a).days for a, b in pairwise(dues)] == [20, 21, 21]


def test_optional_programme_lines_cite_appendix_1(world, api):
    items = {
        t["key"]: {i["number"]: i for i in t["items"]}
        for t in api.as_(world.manager).get("/api/v1/roadmap-templates").json["items"]
    }
    journey = {n: i["source"] for n, i in items["journey-2021"].items() if i["optional"]}
    assert journey == {
        "1.6": "seed 001, Приложение 1, п. 1.2",
        "1.7": "seed 001, Приложение 1, п. 1.3",
        "1.8": "seed 001, Приложение 1, п. 1.4",
        "1.9": "seed 001, Приложение 1, п. 1.8",
    }
    index = {n: i["source"] for n, i in items["index-2022"].items() if i["optional"]}
    assert index == {
        "8": "seed 002, Приложение 1, п. 2",
        "9": "seed 002, Приложение 1, п. 3",
        "10": "seed 002, Приложение 1, п. 4",
    }
    typical = create_pilot(
        api.as_(world.regional_coordinator), world.r52, start="2021-06-26", optional_lines=False
    )
    assert not any(a["optional"] for a in typical["activities"])
    assert len(typical["activities"]) == 19  # App. 3: two sections and 17 lines


@pytest.mark.parametrize(
    ("template", "direction", "start", "phases"),
    [
        # seed 001 §1.2 (L128–134): the journey direction has two phases, 16.08 shared
        (
            "journey-2021",
            "journey",
            "2021-06-26",
            [("preparatory", "2021-06-26", "2021-08-16"), ("main", "2021-08-16", "2021-10-31")],
        ),
        # seed 001 §1.2 (L135–141): the culture direction three
        (
            "culture-2021",
            "culture",
            "2021-07-29",
            [
                ("preparatory", "2021-07-29", "2021-08-23"),
                ("main", "2021-08-24", "2021-10-20"),
                ("final", "2021-10-21", "2021-10-29"),
            ],
        ),
        # seed 002 §1.2: the index pilot three
        (
            "index-2022",
            "index",
            "2022-04-01",
            [
                ("preparatory", "2022-04-01", "2022-04-24"),
                ("main", "2022-04-25", "2022-05-15"),
                ("final", "2022-05-16", "2022-06-30"),
            ],
        ),
    ],
)
def test_pilots_get_the_templates_phases(world, api, template, direction, start, phases):
    pilot = create_pilot(
        api.as_(world.regional_coordinator),
        world.r52,
        start=start,
        template=template,
        direction=direction,
    )
    assert [(p["kind"], p["start_date"], p["end_date"]) for p in pilot["phases"]] == phases
    assert pilot["version"] == 1


def test_phases_move_with_the_start_by_calendar_days(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2026-09-01")
    shift = dt.date(2026, 9, 1) - dt.date(2021, 6, 26)
    assert pilot["phases"][1]["start_date"] == str(dt.date(2021, 8, 16) + shift)


def test_roadmap_approval_needs_the_protocol_of_the_approving_meeting(world, api):
    """Seed 001 App. 1 item 1.4: roadmaps «утвержденные протоколом рабочей группы»; meeting
    No. 2's protocol, or any protocol among the documents, does not approve it."""
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2026-02-02")

    def blockers():
        return api.get(f"/api/v1/pilots/{pilot['id']}/roadmap").json["blockers"]

    assert any("утверждена дорожная карта" in b for b in blockers())
    api.post(
        f"/api/v1/pilots/{pilot['id']}/deliverables",
        json={"kind": "protocol", "title": "Протокол №2", "url": "https://example.org/2.pdf"},
    )
    second = api.post(
        f"/api/v1/pilots/{pilot['id']}/meetings",
        json={"number": 2, "held_on": "2026-02-20", "protocol": "Обсудили портрет"},
    ).json
    assert any("утверждена дорожная карта" in b for b in blockers())
    marked = api.patch(
        f"/api/v1/meetings/{second['id']}",
        json={"approves_roadmap": True, "version": second["version"]},
    )
    assert marked.status_code == 200 and marked.json["approves_roadmap"] is True
    assert blockers() == []
    approved = api.post(
        f"/api/v1/pilots/{pilot['id']}/roadmap/transitions", json={"event": "approve"}
    )
    assert approved.status_code == 200
    history = api.get(f"/api/v1/pilots/{pilot['id']}/roadmap").json["history"]
    assert history[-1]["comment"] == (
        "Утверждена: протоколом совещания рабочей группы № 2 от 20.02.2026"
    )


def test_a_cx_system_roadmap_is_approved_by_an_order(world, api):
    """Seed 004 §2 checkpoint 1.1: «Правовой акт об утверждении … («дорожной карты»)»."""
    pilot = create_pilot(
        api.as_(world.regional_coordinator),
        world.r52,
        start="2027-01-11",
        template="cx-system",
        direction="cx_system",
    )
    state = api.get(f"/api/v1/pilots/{pilot['id']}/roadmap").json
    assert any("приказ" in b for b in state["blockers"])
    api.post(
        f"/api/v1/pilots/{pilot['id']}/deliverables",
        json={"kind": "order", "title": "Приказ № 5", "url": "https://example.org/5.pdf"},
    )
    approved = api.post(
        f"/api/v1/pilots/{pilot['id']}/roadmap/transitions", json={"event": "approve"}
    )
    assert approved.status_code == 200, approved.json
    lines = by_number(api.get(f"/api/v1/pilots/{pilot['id']}").json)
    assert lines["1.1"]["status"] == "done"  # the order forms the working group too


def test_every_template_reproduces_the_seeds_deadlines():
    """The measure of the issue's closing note, per template, from the template data."""
    from_seed = {
        "journey-2021": (JOURNEY_2021 | JOURNEY_2021_OPTIONAL, dt.date(2021, 6, 26)),
        "index-2022": (INDEX_2022 | INDEX_2022_OPTIONAL, dt.date(2022, 4, 1)),
    }
    for key, (expected, start) in from_seed.items():
        template = templates()[key]
        assert template.reference_start == start
        dues = {i.number: i.due.isoformat() for i in template.items if i.due}
        assert dues == expected, key
