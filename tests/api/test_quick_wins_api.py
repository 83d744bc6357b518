"""GET /api/v1/quick-wins (API.md): overdue quick wins with days overdue in the region's own
date, scoping, filters, sorting, pagination and bad input."""

import datetime as dt

import pytest

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from tests import factories
from tests.helpers import api_error, item_ids, quick_win

URL = "/api/v1/quick-wins"


def ago(days: int, zone: str = "Europe/Moscow") -> dt.date:
    return region_today(zone) - dt.timedelta(days=days)


def test_item_shape_and_days_overdue(world, pilots, api):
    p52, _ = pilots
    stage = factories.StageFactory(journey__pilot=p52, title="Запись")
    late = quick_win(p52, ago(1), stage=stage, owner="Отдел ИТ", solution="Вкладка на сайте")
    body = api.as_(world.manager).get(f"{URL}?overdue=true").json
    assert body == {
        "total": 1,
        "items": [
            {
                "id": late.id,
                "region_code": "52",
                "pilot_id": p52.id,
                "pilot_title": "Сопровождение инвалидов",
                "stage": "Запись",
                "solution": "Вкладка на сайте",
                "owner": "Отдел ИТ",
                "owner_user_id": None,
                "due_date": ago(1).isoformat(),
                "ongoing": False,
                "tier": "quick_win",
                "status": "planned",
                "days_overdue": 1,
            }
        ],
    }


def test_overdue_boundaries(world, pilots, api):
    p52, _ = pilots
    yesterday = quick_win(p52, ago(1))
    long_ago = quick_win(p52, ago(30), status="in_progress")
    today = quick_win(p52, ago(0))
    done = quick_win(p52, ago(5), status="done")
    cancelled = quick_win(p52, ago(5), status="cancelled")
    ongoing = quick_win(p52, None, ongoing=True)
    api.as_(world.manager)
    response = api.get(f"{URL}?overdue=true")
    assert item_ids(response) == [long_ago.id, yesterday.id]
    assert [i["days_overdue"] for i in response.json["items"]] == [30, 1]
    # without `overdue`: every quick win by due date (undated last), days only when overdue
    items = api.get(URL).json["items"]
    assert [(i["id"], i["days_overdue"]) for i in items] == [
        (long_ago.id, 30),
        (done.id, None),
        (cancelled.id, None),
        (yesterday.id, 1),
        (today.id, None),
        (ongoing.id, None),
    ]
    assert item_ids(api.get(f"{URL}?open=true")) == [
        long_ago.id,
        yesterday.id,
        today.id,
        ongoing.id,
    ]
    assert item_ids(api.get(f"{URL}?overdue=false")) == [i["id"] for i in items]


def test_today_is_the_date_in_the_solutions_region(world, pilots, api):
    p52, p74 = pilots
    # UTC+14 and UTC−11: the dates there always differ, by one or two days
    world.r52.timezone, world.r74.timezone = "Pacific/Kiritimati", "Pacific/Pago_Pago"
    due = ago(1, "Pacific/Kiritimati")
    in52 = quick_win(p52, due)
    in74 = quick_win(p74, due)  # today or tomorrow in Pago Pago
    response = api.as_(world.federal_consultant).get(f"{URL}?overdue=true")
    assert item_ids(response) == [in52.id]
    assert response.json["items"][0]["days_overdue"] == 1
    items = api.get(URL).json["items"]
    assert {i["id"]: i["days_overdue"] for i in items} == {in52.id: 1, in74.id: None}


def test_scope_and_region_filter(world, pilots, api):
    p52, p74 = pilots
    a = quick_win(p52, ago(3))
    b = quick_win(p74, ago(8))
    assert item_ids(api.as_(world.manager).get(f"{URL}?overdue=true")) == [a.id]
    assert item_ids(api.get(f"{URL}?overdue=true&region_code=74")) == []
    assert item_ids(api.as_(world.federal_consultant).get(f"{URL}?overdue=true")) == [b.id, a.id]
    assert item_ids(api.get(f"{URL}?overdue=true&region_code=52")) == [a.id]
    assert item_ids(api.get(f"{URL}?overdue=true&region_code=99")) == []  # unknown: nothing
    assert item_ids(api.get(f"{URL}?region_code=%25%00'")) == []
    assert item_ids(api.as_(world.coordinator74).get(f"{URL}?overdue=true")) == [b.id]


def test_sorting_by_days_overdue_then_id(world, pilots, api):
    p52, p74 = pilots
    first = quick_win(p74, ago(2))
    second = quick_win(p52, ago(9))
    third = quick_win(p52, ago(2))
    response = api.as_(world.admin).get(f"{URL}?overdue=true")
    assert item_ids(response) == [second.id, first.id, third.id]


def test_filters_pilot_owner_tier(world, pilots, api):
    p52, _ = pilots
    other = factories.PilotFactory(region=world.r52)
    it = quick_win(p52, ago(4), owner="Отдел информационных технологий")
    hr = quick_win(other, ago(4), owner="Отдел кадров")
    long = quick_win(p52, ago(6), owner="Отдел кадров", tier="long_term")
    deferred = quick_win(p52, ago(6), tier="deferred")
    api.as_(world.manager)
    assert item_ids(api.get(f"{URL}?overdue=true")) == [it.id, hr.id]  # quick wins by default
    assert item_ids(api.get(f"{URL}?overdue=true&pilot_id={other.id}")) == [hr.id]
    assert item_ids(api.get(f"{URL}?overdue=true&owner=ИНФОРМАЦИОННЫХ")) == [it.id]
    assert item_ids(api.get(f"{URL}?overdue=true&owner=кадров&tier=any")) == [long.id, hr.id]
    assert item_ids(api.get(f"{URL}?overdue=true&tier=long_term")) == [long.id]
    assert item_ids(api.get(f"{URL}?tier=deferred")) == [deferred.id]
    assert item_ids(api.get(f"{URL}?owner=%25")) == []


def test_pages(world, pilots, api):
    p52, _ = pilots
    made = [quick_win(p52, ago(days)) for days in (1, 2, 3)]
    body = api.as_(world.manager).get(f"{URL}?overdue=true&per_page=2&page=2").json
    assert body["total"] == 3 and [i["id"] for i in body["items"]] == [made[0].id]
    assert api.get(f"{URL}?overdue=true&page=9").json == {"items": [], "total": 3}


@pytest.mark.parametrize(
    "query, field",
    [
        ("tier=urgent", "tier"),
        ("tier=", "tier"),
        ("pilot_id=abc", "pilot_id"),
        ("pilot_id=0", "pilot_id"),
        (f"pilot_id={2**40}", "pilot_id"),
        ("overdue=maybe", "overdue"),
        ("per_page=1000", "per_page"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(world, api, query, field):
    response = api.as_(world.manager).get(f"{URL}?{query}")
    assert field in api_error(response, 422, "validation_error")["fields"]


def test_needs_a_token_and_a_role(world, client, api):
    assert client.get(URL).status_code == 401
    assert api.as_(world.working_group_member).get(URL).status_code == 200


def test_queries_do_not_grow_with_rows(world, pilots, api, count_queries):
    def add(n: int) -> None:
        for i in range(n):
            pilot = factories.PilotFactory(region=world.r52)
            quick_win(pilot, ago(i + 1), stage=factories.StageFactory(journey__pilot=pilot))

    api.as_(world.federal_consultant)
    add(2)
    db.session.expire_all()
    with count_queries() as few:
        assert len(api.get(f"{URL}?per_page=5").json["items"]) == 2
    add(10)
    db.session.expire_all()
    with count_queries() as many:
        assert api.get(f"{URL}?per_page=5").json["total"] == 12
    assert many["n"] <= few["n"] + 1  # + the count query once there is more than one page
    db.session.expire_all()
    with count_queries() as more:
        assert len(api.get(f"{URL}?per_page=50").json["items"]) == 12
    assert more["n"] == few["n"]
