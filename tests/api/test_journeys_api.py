"""Journeys and measurements through the API: nested creation (all or nothing), stages in
order, touchpoints and pain points within their stage, every measurement rule, versions,
scoping and permissions."""

import datetime as dt
from types import SimpleNamespace

import pytest

from cxflow.catalogue.models import CatalogueEntry
from cxflow.core.extensions import db
from cxflow.journeys.models import Journey, JourneyStage, Measurement, PainPoint, Touchpoint
from tests import factories
from tests.helpers import EN, api_error, count_rows


def _body(profile, **extra) -> dict:
    return {
        "title": "Путь клиента с инвалидностью",
        "service": "Содействие гражданам в поиске подходящей работы",
        "profile_id": profile.id,
        **extra,
    }


SEED_003_STAGES = [
    {
        "title": "Поиск информации",
        "client_goal": "Узнать, чем может помочь ЦЗН",
        "client_thoughts": "Где найти информацию?\nКуда звонить?",
        "touchpoints": [
            "Сайт ЦЗН",
            {"title": "Звонок в колл-центр", "channel": "phone", "responsible": "Колл-центр"},
        ],
        "pain_points": [
            "Интернет – неудобный способ получения информации для инвалида 50+",
            {"description": "Невозможно дозвониться до ЦЗН", "evidence": "Анкетирование"},
        ],
    },
    {"title": "Решение о выборе", "kind": "optional"},
    {
        "title": "Тестирование и тренинг",
        "kind": "conditional",
        "condition": "если не удалось п.2",
        "responsible_external": "НКО «Новые возможности»",
    },
]


def _create(api, pilot, profile, stages=SEED_003_STAGES, **extra):
    response = api.post(
        f"/api/v1/pilots/{pilot.id}/journeys", json=_body(profile, stages=stages, **extra)
    )
    assert response.status_code == 201, response.json
    return response.json


def _measure(api, stage_id, **extra):
    body = {
        "method": "exit_poll",
        "metric": "mean_score",
        "value": 2.6,
        "scale_min": 1,
        "scale_max": 3,
        "sample_size": 45,
        "period_start": "2026-09-01",
        "period_end": "2026-09-30",
        **extra,
    }
    return api.post(f"/api/v1/journey-stages/{stage_id}/measurements", json=body, headers=EN)


# --- journeys ---------------------------------------------------------------------------------


def test_nested_create_returns_every_id(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    assert journey["pilot_id"] == pilot.id and journey["region_id"] == world.r52.id
    assert journey["profile_id"] == profile.id and journey["version"] == 1
    stages = journey["stages"]
    assert [s["position"] for s in stages] == [1, 2, 3]
    assert [s["kind"] for s in stages] == ["regular", "optional", "conditional"]
    assert all(isinstance(s["id"], int) for s in stages)
    first = stages[0]
    assert [(t["title"], t["channel"]) for t in first["touchpoints"]] == [
        ("Сайт ЦЗН", "other"),
        ("Звонок в колл-центр", "phone"),
    ]
    assert all(isinstance(t["id"], int) for t in first["touchpoints"])
    assert [p["evidence"] for p in first["pain_points"]] == ["", "Анкетирование"]
    assert all(isinstance(p["id"], int) for p in first["pain_points"])
    assert first["client_thoughts"] == "Где найти информацию?\nКуда звонить?"
    assert stages[2]["condition"] == "если не удалось п.2"
    assert first["band"] is None and first["latest_measurement_id"] is None
    assert journey["stage_count"] == 3 and journey["pain_point_count"] == 2
    listed = api.get(f"/api/v1/pilots/{pilot.id}/journeys").json
    assert listed["total"] == 1 and listed["items"][0]["pain_point_count"] == 2
    read = api.get(f"/api/v1/journeys/{journey['id']}").json["stages"]
    assert [s["index"] for s in read] == [[], [], []]  # no index period in the region
    assert [{k: v for k, v in s.items() if k != "index"} for s in read] == stages


@pytest.mark.parametrize(
    ("stages", "field"),
    [
        ([{"title": "1"}, {"title": "2"}, {"kind": "loop"}], "stages.2.title"),
        ([{"title": "1"}, {"title": "2"}, {"title": "   "}], "stages.2.title"),
        ([{"title": "1"}, {"title": "2", "kind": "conditional"}], "stages.1.condition"),
        ([{"title": "1"}, {"title": "2", "kind": "loop", "condition": ""}], "stages.1.condition"),
        ([{"title": "1", "kind": "sometimes"}], "stages.0.kind"),
        (
            [{"title": "1", "touchpoints": ["Сайт", {"title": "Звонок", "channel": "fax"}]}],
            "stages.0.touchpoints.1.channel",
        ),
        ([{"title": "1", "touchpoints": [{"channel": "site"}]}], "stages.0.touchpoints.0.title"),
        ([{"title": "1", "touchpoints": [""]}], "stages.0.touchpoints.0.title"),
        ([{"title": "1", "touchpoints": [7]}], "stages.0.touchpoints.0"),
        (
            [{"title": "1"}, {"title": "2", "pain_points": [{}]}],
            "stages.1.pain_points.0.description",
        ),
        ([{"title": "1", "pain_points": ["  "]}], "stages.0.pain_points.0.description"),
        ([{"title": "1"}, "не объект"], "stages.1"),
    ],
)
def test_a_bad_nested_field_saves_nothing_and_is_named(world, api, pilot, profile, stages, field):
    api.as_(world.working_group_member)
    response = api.post(f"/api/v1/pilots/{pilot.id}/journeys", json=_body(profile, stages=stages))
    assert field in api_error(response, 422, "validation_error")["fields"]
    assert [count_rows(m) for m in (Journey, JourneyStage, Touchpoint, PainPoint)] == [0, 0, 0, 0]


def test_journey_fields(world, api, pilot, profile):
    api.as_(world.regional_coordinator)
    url = f"/api/v1/pilots/{pilot.id}/journeys"
    other_pilot_profile = factories.ProfileFactory(pilot=factories.PilotFactory(region=world.r52))
    complex_ = CatalogueEntry(kind="complex", title="Комплекс сервисов")
    entry = CatalogueEntry(kind="public_service", title="Содействие в поиске подходящей работы")
    db.session.add_all([complex_, entry])
    db.session.commit()
    cases = [
        ({"profile_id": other_pilot_profile.id}, "profile_id"),
        ({"profile_id": 999_999}, "profile_id"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"service": ""}, "service"),
        ({"service_entry_id": 999_999}, "service_entry_id"),
        ({"service_entry_id": complex_.id}, "service_entry_id"),
    ]
    for change, field in cases:
        response = api.post(url, json=_body(profile, **change))
        assert field in api_error(response, 422, "validation_error")["fields"], change
    missing = api.post(url, json={"title": "Без портрета", "service": "Услуга"})
    assert "profile_id" in api_error(missing, 422, "validation_error")["fields"]
    named = _create(api, pilot, profile, stages=[], service="", service_entry_id=entry.id)
    assert named["service"] == entry.title and named["service_entry_id"] == entry.id
    kept = _create(api, pilot, profile, stages=[], service="Своё", service_entry_id=entry.id)
    assert kept["service"] == "Своё"
    assert count_rows(Journey) == 2


def test_journey_patch_and_delete(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    url = f"/api/v1/journeys/{journey['id']}"
    changed = api.patch(url, json={"title": "Новый путь", "trigger": "Осознал", "version": 1})
    assert changed.status_code == 200
    assert changed.json["title"] == "Новый путь" and changed.json["version"] == 2
    assert changed.json["service"] == journey["service"]
    stale = api.patch(url, json={"title": "Старый", "version": 1})
    assert api_error(stale, 409, "conflict")["current_version"] == 2
    bad = api.patch(url, json={"profile_id": 999_999, "version": 2})
    assert "profile_id" in api_error(bad, 422, "validation_error")["fields"]
    assert api.delete(url).status_code == 204
    assert count_rows(Journey) == count_rows(JourneyStage) == count_rows(PainPoint) == 0
    api_error(api.get(url), 404, "not_found")


# --- stages -----------------------------------------------------------------------------------


def _titles(api, journey_id):
    stages = api.get(f"/api/v1/journeys/{journey_id}").json["stages"]
    return [(s["position"], s["title"]) for s in stages]


def test_stages_are_added_moved_and_renumbered(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile, stages=[])
    jid = journey["id"]
    ids = []
    for title in ("А", "Б", "В", "Г"):
        added = api.post(f"/api/v1/journeys/{jid}/stages", json={"title": title})
        assert added.status_code == 201
        ids.append(added.json["id"])
    assert _titles(api, jid) == [(1, "А"), (2, "Б"), (3, "В"), (4, "Г")]
    moved = api.post(f"/api/v1/journey-stages/{ids[2]}/move", json={"direction": "up"})
    assert [s["title"] for s in moved.json["stages"]] == ["А", "В", "Б", "Г"]
    api.post(f"/api/v1/journey-stages/{ids[0]}/move", json={"direction": "up"})  # already first
    api.post(f"/api/v1/journey-stages/{ids[3]}/move", json={"direction": "down"})  # already last
    api.post(f"/api/v1/journey-stages/{ids[0]}/move", json={"direction": "down"})
    assert _titles(api, jid) == [(1, "В"), (2, "А"), (3, "Б"), (4, "Г")]
    bad = api.post(f"/api/v1/journey-stages/{ids[0]}/move", json={"direction": "left"})
    assert "direction" in api_error(bad, 422, "validation_error")["fields"]
    assert api.delete(f"/api/v1/journey-stages/{ids[0]}").status_code == 204
    assert _titles(api, jid) == [(1, "В"), (2, "Б"), (3, "Г")]
    added = api.post(f"/api/v1/journeys/{jid}/stages", json={"title": "Д"}).json
    assert added["position"] == 4


def test_stage_create_with_nested_items_and_patch(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile, stages=[])
    url = f"/api/v1/journeys/{journey['id']}/stages"
    bad = api.post(url, json={"title": "Обучение", "touchpoints": [{"title": ""}]})
    assert "touchpoints.0.title" in api_error(bad, 422, "validation_error")["fields"]
    loop = api.post(url, json={"title": "Учёт", "kind": "loop"})
    assert "condition" in api_error(loop, 422, "validation_error")["fields"]
    assert count_rows(JourneyStage) == 0
    stage = api.post(
        url,
        json={
            "title": "Учёт",
            "kind": "loop",
            "condition": "остается на учете, если не трудоустроился → к этапу 1",
            "barriers": "  Очередь \n\n Нет парковки  ",
            "touchpoints": ["Личное посещение"],
            "pain_points": ["Очередь"],
        },
    ).json
    assert stage["barriers"] == "Очередь\nНет парковки"
    assert len(stage["touchpoints"]) == len(stage["pain_points"]) == 1
    stage_url = f"/api/v1/journey-stages/{stage['id']}"
    to_conditional = api.patch(
        stage_url, json={"kind": "conditional", "condition": "", "version": 1}
    )
    assert "condition" in api_error(to_conditional, 422, "validation_error")["fields"]
    changed = api.patch(stage_url, json={"title": "Постановка на учёт", "version": 1})
    assert changed.status_code == 200 and changed.json["version"] == 2
    assert changed.json["kind"] == "loop" and changed.json["title"] == "Постановка на учёт"
    stale = api.patch(stage_url, json={"title": "Старое", "version": 1})
    api_error(stale, 409, "conflict")
    assert api.get(stage_url).json["title"] == "Постановка на учёт"


# --- touchpoints and pain points --------------------------------------------------------------


def test_pain_points_and_measurements_stay_within_their_stage(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    first, second = journey["stages"][0], journey["stages"][1]
    site = first["touchpoints"][0]["id"]
    url = f"/api/v1/journey-stages/{second['id']}/pain-points"
    foreign = api.post(url, json={"description": "Сложно подать заявление", "touchpoint_id": site})
    assert "touchpoint_id" in api_error(foreign, 422, "validation_error")["fields"]
    foreign = _measure(api, second["id"], touchpoint=site)
    assert "touchpoint" in api_error(foreign, 422, "validation_error")["fields"]
    assert count_rows(Measurement) == 0
    own = api.post(
        f"/api/v1/journey-stages/{first['id']}/pain-points",
        json={"description": "Сайт неудобен", "touchpoint_id": site},
    )
    assert own.status_code == 201 and own.json["touchpoint_id"] == site
    measured = _measure(api, first["id"], touchpoint=site)
    assert measured.status_code == 201 and measured.json["touchpoint_id"] == site
    empty = api.post(f"/api/v1/journey-stages/{first['id']}/pain-points", json={"description": ""})
    assert "description" in api_error(empty, 422, "validation_error")["fields"]
    # Deleting the touchpoint keeps its pain point and measurement, at the stage as a whole.
    assert api.delete(f"/api/v1/touchpoints/{site}").status_code == 204
    pain = db.session.get(PainPoint, own.json["id"])
    assert pain is not None and pain.touchpoint_id is None
    assert db.session.get(Measurement, measured.json["id"]).touchpoint_id is None
    assert api.delete(f"/api/v1/pain-points/{own.json['id']}").status_code == 204
    assert db.session.get(PainPoint, own.json["id"]) is None


def test_touchpoint_create_and_patch(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    stage = journey["stages"][1]
    url = f"/api/v1/journey-stages/{stage['id']}/touchpoints"
    bad = api.post(url, json={"title": "Госуслуги", "channel": "pigeon"})
    assert "channel" in api_error(bad, 422, "validation_error")["fields"]
    created = api.post(url, json={"title": "Госуслуги", "channel": "portal"})
    assert created.status_code == 201 and created.json["channel"] == "portal"
    tid = created.json["id"]
    changed = api.patch(
        f"/api/v1/touchpoints/{tid}", json={"responsible": "Отдел ИТ", "version": 1}
    )
    assert changed.json["responsible"] == "Отдел ИТ" and changed.json["title"] == "Госуслуги"
    assert changed.json["version"] == 2
    stale = api.patch(f"/api/v1/touchpoints/{tid}", json={"responsible": "АХО", "version": 1})
    assert stale.status_code == 409  # nobody's edit is silently overwritten
    assert api.patch(f"/api/v1/touchpoints/{tid}", json={"title": "x"}).status_code == 422
    empty = api.patch(f"/api/v1/touchpoints/{tid}", json={"title": " ", "version": 2})
    assert "title" in api_error(empty, 422, "validation_error")["fields"]
    pain = api.post(
        f"/api/v1/journey-stages/{stage['id']}/pain-points", json={"description": "Долго"}
    ).json
    moved = api.patch(
        f"/api/v1/pain-points/{pain['id']}", json={"touchpoint_id": tid, "version": pain["version"]}
    )
    assert moved.json["touchpoint_id"] == tid
    other = journey["stages"][0]["touchpoints"][0]["id"]
    wrong = api.patch(
        f"/api/v1/pain-points/{pain['id']}", json={"touchpoint_id": other, "version": 2}
    )
    assert "touchpoint_id" in api_error(wrong, 422, "validation_error")["fields"]


# --- measurements -----------------------------------------------------------------------------


def test_a_measurement_has_its_score_band_and_n(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    stage_id = journey["stages"][0]["id"]
    created = _measure(api, stage_id, formula="среднее по анкетам", note="ЦЗН Нижнего Новгорода")
    assert created.status_code == 201, created.json
    body = created.json
    assert body["score"] == pytest.approx(0.8) and body["band"] == "high"
    assert body["summary"] == "2.6 on 1–3, n = 45"
    assert body["journey_id"] == journey["id"] and body["pilot_id"] == pilot.id
    assert body["author_id"] == world.working_group_member.id
    share = _measure(
        api,
        stage_id,
        metric="share_satisfied",
        value=61,
        scale_min=None,
        scale_max=None,
        period_end="2026-09-15",
    )
    assert (share.json["scale_min"], share.json["scale_max"]) == (0, 100)
    assert share.json["band"] == "medium" and share.json["summary"] == "61%, n = 45"
    nps = _measure(api, stage_id, metric="nps", value=-20, scale_min=None, scale_max=None)
    assert nps.json["score"] == pytest.approx(0.4) and nps.json["band"] == "low"
    custom = _measure(
        api,
        stage_id,
        metric="custom",
        metric_name="Effort net score",
        value=-12,
        scale_min=None,
        scale_max=None,
        period_end="2026-10-31",
    )
    assert custom.json["score"] is None and custom.json["band"] is None
    # The stage's latest measurement: the greatest period end, then the greatest id.
    stage = api.get(f"/api/v1/journey-stages/{stage_id}").json
    assert stage["latest_measurement_id"] == custom.json["id"] and stage["band"] is None
    listed = api.get(f"/api/v1/journey-stages/{stage_id}/measurements").json
    assert [m["id"] for m in listed["items"]] == [
        custom.json["id"],
        nps.json["id"],
        body["id"],
        share.json["id"],
    ]
    assert api.delete(f"/api/v1/measurements/{custom.json['id']}").status_code == 204
    stage = api.get(f"/api/v1/journey-stages/{stage_id}").json
    assert stage["latest_measurement_id"] == nps.json["id"] and stage["band"] == "low"
    everything = api.get(f"/api/v1/pilots/{pilot.id}/measurements").json
    assert everything["total"] == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"method": "telepathy"}, "method"),
        ({"metric": "happiness"}, "metric"),
        ({"metric": "custom", "metric_name": ""}, "metric_name"),
        ({"metric": "custom", "metric_name": "  "}, "metric_name"),
        ({"scale_min": None}, "scale_min"),
        ({"scale_max": None}, "scale_max"),
        ({"scale_min": 3, "scale_max": 3}, "scale_max"),
        ({"scale_min": 5, "scale_max": 1}, "scale_max"),
        ({"value": 3.1}, "value"),
        ({"value": 0.9}, "value"),
        ({"metric": "ces", "scale_min": None, "scale_max": None}, "scale_min"),
        ({"metric": "ces", "value": 8, "scale_min": 1, "scale_max": 7}, "value"),
        ({"metric": "share_satisfied", "value": 100.5}, "value"),
        ({"metric": "share_satisfied", "value": -1}, "value"),
        ({"metric": "csi", "value": 101}, "value"),
        ({"metric": "nps", "value": -101}, "value"),
        ({"metric": "nps", "value": 100.1}, "value"),
        (
            {"metric": "custom", "metric_name": "RR", "scale_min": 0, "scale_max": None},
            "scale_max",
        ),
        ({"metric": "custom", "metric_name": "RR", "value": 1e13}, "value"),
        ({"sample_size": 0}, "sample_size"),
        ({"sample_size": -5}, "sample_size"),
        ({"sample_size": 4.5}, "sample_size"),
        ({"sample_size": "много"}, "sample_size"),
        ({"value": "высокий"}, "value"),
        ({"period_end": "2026-08-31"}, "period_end"),
        ({"period_start": "1999-12-31", "period_end": "1999-12-31"}, "period_start"),
        ({"period_start": "01.09.2026"}, "period_start"),
    ],
)
def test_every_measurement_rule_names_its_field(world, api, pilot, profile, change, field):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    response = _measure(api, journey["stages"][0]["id"], **change)
    assert field in api_error(response, 422, "validation_error")["fields"], response.json
    assert count_rows(Measurement) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"metric": "nps", "value": -100, "scale_min": None, "scale_max": None},
        {"metric": "nps", "value": 100, "scale_min": None, "scale_max": None},
        {"metric": "share_satisfied", "value": 0, "scale_min": None, "scale_max": None},
        {"metric": "csi", "value": 100, "scale_min": None, "scale_max": None},
        {"value": 1},
        {"value": 3},
        {"sample_size": 1},
        {"period_end": "2026-09-01"},
        {
            "metric": "custom",
            "metric_name": "Effort net score",
            "value": -40,
            "scale_min": None,
            "scale_max": None,
        },
    ],
)
def test_measurement_boundaries_are_accepted(world, api, pilot, profile, change):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    response = _measure(api, journey["stages"][0]["id"], **change)
    assert response.status_code == 201, response.json


def test_measurement_patch(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    created = _measure(api, journey["stages"][0]["id"]).json
    url = f"/api/v1/measurements/{created['id']}"
    changed = api.patch(url, json={"value": 1.5, "sample_size": 60, "version": 1}, headers=EN)
    assert changed.status_code == 200
    assert changed.json["summary"] == "1.5 on 1–3, n = 60" and changed.json["band"] == "low"
    assert changed.json["version"] == 2
    stale = api.patch(url, json={"value": 2, "version": 1})
    api_error(stale, 409, "conflict")
    out_of_scale = api.patch(url, json={"scale_max": 1.2, "version": 2})
    assert "value" in api_error(out_of_scale, 422, "validation_error")["fields"]
    to_share = api.patch(url, json={"metric": "share_satisfied", "value": 74, "version": 2})
    assert to_share.json["scale_min"] == 0 and to_share.json["scale_max"] == 100
    back = api.patch(
        url, json={"metric": "mean_score", "scale_min": None, "scale_max": None, "version": 3}
    )
    assert "scale_min" in api_error(back, 422, "validation_error")["fields"]
    assert api.get(url).json["metric"] == "share_satisfied"


# --- scoping and permissions ------------------------------------------------------------------


def test_another_regions_journey_is_not_found(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    stage = journey["stages"][0]
    measurement = _measure(api, stage["id"]).json
    api.as_(world.coordinator74)
    for url in (
        f"/api/v1/pilots/{pilot.id}/journeys",
        f"/api/v1/pilots/{pilot.id}/measurements",
        f"/api/v1/journeys/{journey['id']}",
        f"/api/v1/journey-stages/{stage['id']}",
        f"/api/v1/journey-stages/{stage['id']}/measurements",
        f"/api/v1/measurements/{measurement['id']}",
    ):
        api_error(api.get(url), 404, "not_found")
    api_error(
        api.post(f"/api/v1/pilots/{pilot.id}/journeys", json=_body(profile)), 404, "not_found"
    )
    api_error(
        api.post(f"/api/v1/journeys/{journey['id']}/stages", json={"title": "x"}), 404, "not_found"
    )
    api_error(_measure(api, stage["id"]), 404, "not_found")
    api_error(api.delete(f"/api/v1/touchpoints/{stage['touchpoints'][0]['id']}"), 404, "not_found")
    api_error(api.delete(f"/api/v1/pain-points/{stage['pain_points'][0]['id']}"), 404, "not_found")
    api_error(api.delete(f"/api/v1/journeys/{journey['id']}"), 404, "not_found")
    api.as_(world.federal_consultant)
    assert api.get(f"/api/v1/journeys/{journey['id']}").status_code == 200


def test_a_manager_reads_but_may_not_edit(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    stage = journey["stages"][0]
    measurement = _measure(api, stage["id"]).json
    api.as_(world.manager)
    assert api.get(f"/api/v1/journeys/{journey['id']}").status_code == 200
    assert api.get(f"/api/v1/pilots/{pilot.id}/measurements").json["total"] == 1
    forbidden = [
        api.post(f"/api/v1/pilots/{pilot.id}/journeys", json=_body(profile)),
        api.patch(f"/api/v1/journeys/{journey['id']}", json={"title": "x", "version": 1}),
        api.delete(f"/api/v1/journeys/{journey['id']}"),
        api.post(f"/api/v1/journeys/{journey['id']}/stages", json={"title": "x"}),
        api.patch(f"/api/v1/journey-stages/{stage['id']}", json={"title": "x", "version": 1}),
        api.post(f"/api/v1/journey-stages/{stage['id']}/move", json={"direction": "down"}),
        api.delete(f"/api/v1/journey-stages/{stage['id']}"),
        api.post(f"/api/v1/journey-stages/{stage['id']}/touchpoints", json={"title": "x"}),
        api.post(f"/api/v1/journey-stages/{stage['id']}/pain-points", json={"description": "x"}),
        api.delete(f"/api/v1/touchpoints/{stage['touchpoints'][0]['id']}"),
        api.delete(f"/api/v1/pain-points/{stage['pain_points'][0]['id']}"),
        _measure(api, stage["id"]),
        api.patch(f"/api/v1/measurements/{measurement['id']}", json={"value": 2, "version": 1}),
        api.delete(f"/api/v1/measurements/{measurement['id']}"),
    ]
    for response in forbidden:
        api_error(response, 403, "forbidden")
    assert count_rows(Journey) == 1 and count_rows(Measurement) == 1


def test_journey_endpoint_queries_do_not_grow_with_stages(
    world, api, pilot, profile, count_queries
):
    api.as_(world.working_group_member)
    # Plain ids: the rows are dropped from the session before each counted request.
    pilot, profile = SimpleNamespace(id=pilot.id), SimpleNamespace(id=profile.id)

    def journey_with(n):
        stages = [
            {"title": f"Этап {i}", "touchpoints": ["Сайт", "Звонок"], "pain_points": ["Долго"]}
            for i in range(n)
        ]
        journey = _create(api, pilot, profile, stages=stages)
        for stage in journey["stages"]:
            _measure(api, stage["id"], touchpoint=stage["touchpoints"][0]["id"])
        return journey["id"]

    small_id, large_id = journey_with(2), journey_with(8)
    pilot_id = pilot.id

    def queries(url):
        db.session.expunge_all()  # each request starts, as in production, with no cached rows
        with count_queries() as counter:
            response = api.get(url)
        assert response.status_code == 200
        return counter["n"], response.json

    small, body = queries(f"/api/v1/journeys/{small_id}")
    assert len(body["stages"]) == 2
    large, body = queries(f"/api/v1/journeys/{large_id}")
    assert len(body["stages"]) == 8 and all(s["band"] == "high" for s in body["stages"])
    assert large == small
    listing, body = queries(f"/api/v1/pilots/{pilot_id}/measurements")
    assert body["total"] == 10
    journeys, body = queries(f"/api/v1/pilots/{pilot_id}/journeys")
    assert body["total"] == 2
    journey_with(3)
    longer, body = queries(f"/api/v1/pilots/{pilot_id}/measurements")
    assert body["total"] == 13 and longer == listing
    more_journeys, body = queries(f"/api/v1/pilots/{pilot_id}/journeys")
    assert body["total"] == 3 and more_journeys == journeys


def test_dates_round_trip(world, api, pilot, profile):
    journey = _create(api.as_(world.working_group_member), pilot, profile)
    created = _measure(api, journey["stages"][0]["id"]).json
    stored = db.session.get(Measurement, created["id"])
    assert stored.period_start == dt.date(2026, 9, 1) and stored.region_id == world.r52.id


def test_review_fixes_metric_change_and_a_journey_without_its_profile(world, api, stage):
    measurement = factories.MeasurementFactory(stage=stage, metric="share_satisfied", value=61)
    db.session.commit()
    api.as_(world.regional_coordinator)
    # A percent's 0–100 does not stay behind when the metric becomes a mean score.
    response = api.patch(
        f"/api/v1/measurements/{measurement.id}",
        json={"metric": "mean_score", "value": 4, "version": measurement.version},
    )
    assert response.status_code == 422 and "scale_min" in response.json["error"]["fields"]
    # A journey whose profile was deleted can still be edited.
    journey = stage.journey
    response = api.patch(
        f"/api/v1/journeys/{journey.id}",
        json={"title": "Новое название", "version": journey.version},
    )
    assert response.status_code == 200, response.json
    assert response.json["title"] == "Новое название"
