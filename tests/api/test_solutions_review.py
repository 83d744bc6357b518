"""Review of issue #5 over the API: effect links stay true to the stage and the delivery,
stale transitions are conflicts, other regions' ids never reach a region's data, and the
cycle's monitoring guard works with solutions delivered through the API."""

import datetime as dt

from cxflow.core.extensions import db
from tests import factories
from tests.helpers import create_solution, solution_event


def _measure(stage, value, start):
    return factories.MeasurementFactory(
        stage=stage, value=value, period_start=start, period_end=start + dt.timedelta(days=9)
    )


def _delivered_and_measured(api, pilot, stage):
    """A quick win delivered on 10.10.2026 with before (61%) and after (80%) linked."""
    before = _measure(stage, 61.0, dt.date(2026, 9, 1))
    after = _measure(stage, 80.0, dt.date(2026, 10, 20))
    db.session.commit()
    created = create_solution(api, pilot, stage)
    version = solution_event(api, created["id"], "complete", done_on="2026-10-10").json["version"]
    ids = {"before_measurement_id": before.id, "after_measurement_id": after.id}
    linked = api.put(f"/api/v1/solutions/{created['id']}/effect", json={"version": version} | ids)
    assert linked.json["effective"] is True
    return linked.json


def test_reopening_drops_the_after_measurement_of_the_undone_delivery(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    linked = _delivered_and_measured(api, pilot, stage)
    reopened = solution_event(api, linked["id"], "reopen", comment="Памятку не напечатали")
    assert reopened.json["effect"]["after"] is None
    assert reopened.json["effect"]["before"]["id"] == linked["effect"]["before"]["id"]
    # Delivered again later: the measurement of 20.10 is no longer "after" it.
    again = solution_event(api, linked["id"], "complete", done_on="2026-11-01").json
    assert again["done_on"] == "2026-11-01"
    assert again["effect"]["verdict"] == "not_measured" and again["effective"] is False


def test_moving_a_solution_to_another_stage_drops_its_measurements(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    other = factories.StageFactory(journey=stage.journey)
    db.session.commit()
    linked = _delivered_and_measured(api, pilot, stage)
    url = f"/api/v1/solutions/{linked['id']}"
    same = api.patch(url, json={"owner": "Отдел кадров", "version": linked["version"]}).json
    assert same["effect"]["verdict"] == "improved"  # the stage did not change: links kept
    moved = api.patch(url, json={"stage_id": other.id, "version": same["version"]})
    assert moved.status_code == 200, moved.json
    assert moved.json["effect"] == {
        "before": None,
        "after": None,
        "verdict": "not_measured",
        "change": None,
        "effective": False,
    }


def test_a_transition_with_a_stale_version_is_a_conflict(world, api, pilot, stage):
    api.as_(world.regional_coordinator)
    created = create_solution(api, pilot, stage)
    seen = created["version"]
    # Someone else delivers it, reopens it and delivers it again meanwhile.
    solution_event(api, created["id"], "complete")
    solution_event(api, created["id"], "reopen", comment="Не всё")
    current = solution_event(api, created["id"], "complete").json
    stale = solution_event(api, created["id"], "reopen", comment="Ещё раз", version=seen)
    assert stale.status_code == 409
    assert stale.json["error"]["current_version"] == current["version"]
    fresh = api.get(f"/api/v1/solutions/{created['id']}").json
    assert fresh["status"] == "done" and fresh["done_on"] == current["done_on"]
    history = api.get(f"/api/v1/solutions/{created['id']}/history").json["items"]
    assert len(history) == 3  # nothing recorded for the refused one
    ok = solution_event(api, created["id"], "reopen", comment="Ещё раз", version=current["version"])
    assert ok.status_code == 200 and ok.json["status"] == "in_progress"
    # the version stays optional
    assert solution_event(api, created["id"], "complete").status_code == 200


def test_other_regions_ids_never_reach_the_regions_data(world, api, pilot, stage):
    """Ids of region 74's objects inside region 52's requests: 404 or 422, nothing saved."""
    p74 = factories.PilotFactory(region=world.r74)
    s74 = factories.StageFactory(journey__pilot=p74)
    pain74 = factories.PainPointFactory(stage=s74)
    m74 = _measure(s74, 90.0, dt.date(2026, 11, 1))
    sol74 = factories.SolutionFactory(pilot=p74, stage=s74, pain_point=pain74)
    db.session.commit()
    api.as_(world.regional_coordinator)
    created = create_solution(api, pilot, stage)
    url52 = f"/api/v1/solutions/{created['id']}"
    body = {"version": created["version"]}
    row = {"owner": "ОК", "due_date": "2026-12-01"}
    fields = [
        api.patch(url52, json=body | {"stage_id": s74.id}),
        api.patch(url52, json=body | {"pain_point_id": pain74.id}),
        api.patch(url52, json=body | {"owner_user_id": world.coordinator74.id}),
        api.put(url52 + "/effect", json=body | {"before_measurement_id": m74.id}),
        api.post(
            f"/api/v1/solutions/{created['id']}/copy",
            json={"pilot_id": pilot.id, "stage_id": s74.id} | row,
        ),
    ]
    assert [r.status_code for r in fields] == [422] * 5
    url74 = f"/api/v1/solutions/{sol74.id}"
    hidden = [
        api.get(url74),
        api.patch(url74, json={"version": 1, "owner": "x"}),
        solution_event(api, sol74.id, "start"),
        api.put(url74 + "/effect", json={"version": 1}),
        api.post(url74 + "/publish", json={"version": 1, "published": True}),
        api.post(url74 + "/copy", json={"pilot_id": pilot.id, "stage_id": stage.id}),
        api.post(
            f"/api/v1/solutions/{created['id']}/copy",
            json={"pilot_id": p74.id, "stage_id": s74.id} | row,
        ),
        api.get(f"/api/v1/pain-points/{pain74.id}/similar"),
        api.get(f"/api/v1/pilots/{p74.id}/solutions"),
        api.get(f"/api/v1/pilots/{p74.id}/solutions/export.xlsx"),
    ]
    assert [r.status_code for r in hidden] == [404] * len(hidden)
    assert api.get(f"/api/v1/quick-wins?tier=any&pilot_id={p74.id}").json["total"] == 0
    unchanged = api.get(url52).json
    assert unchanged["version"] == created["version"] and unchanged["stage_id"] == stage.id
    assert api.get(f"/api/v1/pilots/{pilot.id}/solutions").json["total"] == 1
    db.session.expire_all()
    assert db.session.get(type(sol74), sol74.id).status == "planned"


def test_the_monitoring_guard_with_a_quick_win_delivered_through_the_api(world, api, pilot, stage):
    pilot.stage = "monitoring"
    before = _measure(stage, 61.0, dt.date(2026, 9, 1))
    db.session.commit()
    api.as_(world.regional_coordinator)
    win = create_solution(api, pilot, stage)
    cancelled = create_solution(api, pilot, stage, solution="Отменённая победа")
    solution_event(api, cancelled["id"], "cancel")
    cycle = f"/api/v1/pilots/{pilot.id}/cycle"
    assert len(api.get(cycle).json["blockers"]) == 2
    solution_event(api, win["id"], "complete", done_on="2026-10-10")
    assert len(api.get(cycle).json["blockers"]) == 1  # no measurement after 10.10 yet
    assert before.period_start < dt.date(2026, 10, 10)
    _measure(stage, 80.0, dt.date(2026, 10, 10))  # taken on the day of delivery counts
    db.session.commit()
    assert api.get(cycle).json["blockers"] == []
    # Reopened, the quick win blocks the cycle again.
    solution_event(api, win["id"], "reopen", comment="Вернули на доработку")
    assert len(api.get(cycle).json["blockers"]) == 2


def test_renamed_stages_and_reworded_pain_points_are_searched_anew(world, api, pilot, stage):
    """The bank searches a solution's stage title and pain point too: editing them in the
    journey re-indexes the solutions attached, without bumping their versions."""
    pain = factories.PainPointFactory(stage=stage, description="Очередь у кабинета")
    db.session.commit()
    api.as_(world.regional_coordinator)
    created = create_solution(
        api, pilot, stage, pain_point_id=pain.id, solution="Электронная очередь"
    )

    def bank(q):
        return [
            i["id"] for i in api.get("/api/v1/knowledge-bank", query_string={"q": q}).json["items"]
        ]

    assert bank("кабинетом") == [created["id"]]
    renamed = api.patch(
        f"/api/v1/journey-stages/{stage.id}", json={"title": "Приём документов", "version": 1}
    )
    assert renamed.status_code == 200, renamed.json
    reworded = api.patch(
        f"/api/v1/pain-points/{pain.id}", json={"description": "Долгое ожидание", "version": 1}
    )
    assert reworded.status_code == 200, reworded.json
    assert bank("документы") == [created["id"]] and bank("ожиданием") == [created["id"]]
    assert bank("кабинетом") == []
    assert api.get(f"/api/v1/solutions/{created['id']}").json["version"] == created["version"]
