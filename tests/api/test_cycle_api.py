"""The CX improvement cycle over the API: every guard of API.md, step back, history, scoping."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from cxflow.workflows.definitions import CYCLE_STAGES
from tests import factories
from tests.helpers import at_stage


def _cycle(api, pilot):
    response = api.get(f"/api/v1/pilots/{pilot.id}/cycle")
    assert response.status_code == 200, response.json
    return response.json


def _fire(api, pilot, event, comment=None, language="en"):
    body = {"event": event} | ({"comment": comment} if comment is not None else {})
    return api.post(
        f"/api/v1/pilots/{pilot.id}/cycle/transitions",
        json=body,
        headers={"Accept-Language": language},
    )


def _blocked(api, pilot, *fragments):
    response = _fire(api, pilot, "advance")
    assert response.status_code == 409, response.json
    error = response.json["error"]
    assert error["allowed_events"][0] == "advance"
    text = " ".join(error["blockers"])
    for fragment in fragments:
        assert fragment in text, text
    return error["blockers"]


def _advances(api, pilot, to_stage):
    response = _fire(api, pilot, "advance")
    assert response.status_code == 200, response.json
    assert response.json["stage"] == to_stage


def test_a_new_pilot_starts_at_the_working_group_with_its_checklist(world, api, pilot):
    cycle = _cycle(api.as_(world.working_group_member), pilot)
    assert cycle["stage"] == "working_group"
    assert cycle["allowed_events"] == ["advance"]
    assert len(cycle["blockers"]) == 2 and cycle["history"] == []
    assert [item["met"] for item in cycle["checklist"]] == [False, False]


def test_working_group_needs_a_member_and_the_order(world, api, pilot):
    api.as_(world.regional_coordinator)
    assert len(_blocked(api, pilot, "member", "order")) == 2
    factories.MemberFactory(pilot=pilot)
    factories.DeliverableFactory(pilot=pilot, kind="protocol")
    db.session.commit()
    assert len(_blocked(api, pilot, "order")) == 1  # a protocol is not the order
    factories.DeliverableFactory(pilot=pilot, kind="order", title="Приказ")
    db.session.commit()
    _advances(api, pilot, "target_group")


def test_target_group_needs_group_service_and_a_kpi(world, api, pilot):
    at_stage(pilot, "target_group")
    api.as_(world.regional_coordinator)
    assert len(_blocked(api, pilot, "target group", "service", "KPI")) == 3
    pilot.target_group, pilot.service = "Граждане с инвалидностью", "   "
    db.session.commit()
    assert len(_blocked(api, pilot, "service", "KPI")) == 2  # blanks are not a service
    pilot.service = "Содействие гражданам в поиске подходящей работы"
    factories.KpiFactory(pilot=pilot)
    db.session.commit()
    _advances(api, pilot, "profile")


def test_profile_needs_a_profile(world, api, pilot):
    at_stage(pilot, "profile")
    api.as_(world.regional_coordinator)
    _blocked(api, pilot, "profile")
    factories.ProfileFactory(pilot=pilot)
    db.session.commit()
    _advances(api, pilot, "journey")


def test_journey_needs_a_stage_with_a_pain_point(world, api, pilot):
    at_stage(pilot, "journey")
    api.as_(world.regional_coordinator)
    _blocked(api, pilot, "pain point")
    stage = factories.StageFactory(journey__pilot=pilot)
    db.session.commit()
    _blocked(api, pilot, "pain point")  # a journey whose stages have no pain point
    factories.PainPointFactory(stage__journey__pilot=factories.PilotFactory(region=world.r52))
    db.session.commit()
    _blocked(api, pilot, "pain point")  # another pilot's pain point does not count
    factories.PainPointFactory(stage=stage)
    db.session.commit()
    _advances(api, pilot, "measurements")


def test_measurements_need_a_measurement(world, api, pilot):
    at_stage(pilot, "measurements")
    api.as_(world.regional_coordinator)
    _blocked(api, pilot, "measurement")
    factories.MeasurementFactory(stage__journey__pilot=pilot)
    db.session.commit()
    _advances(api, pilot, "solution_map")


def test_solution_map_needs_a_solution_and_quick_wins_a_quick_win(world, api, pilot):
    at_stage(pilot, "solution_map")
    api.as_(world.regional_coordinator)
    _blocked(api, pilot, "solution")
    factories.SolutionFactory(pilot=pilot, tier="long_term")
    db.session.commit()
    _advances(api, pilot, "quick_wins")
    _blocked(api, pilot, "quick win")
    factories.SolutionFactory(pilot=pilot, tier="quick_win")
    db.session.commit()
    _advances(api, pilot, "monitoring")


def test_monitoring_needs_every_quick_win_finished_and_a_later_measurement(world, api, pilot):
    at_stage(pilot, "monitoring")
    api.as_(world.regional_coordinator)
    stage = factories.StageFactory(journey__pilot=pilot)
    factories.MeasurementFactory(stage=stage, period_start=dt.date(2026, 9, 1))
    first = factories.SolutionFactory(pilot=pilot, tier="quick_win")
    second = factories.SolutionFactory(pilot=pilot, tier="quick_win")
    factories.SolutionFactory(pilot=pilot, tier="long_term")  # not a quick win: may stay open
    db.session.commit()
    assert len(_blocked(api, pilot, "2 still open", "measurement")) == 2
    first.status, first.done_on = "done", dt.date(2026, 10, 5)
    second.status = "cancelled"
    db.session.commit()
    # The only measurement was before the first quick win was done.
    assert len(_blocked(api, pilot, "measurement")) == 1
    factories.MeasurementFactory(
        stage=stage, period_start=dt.date(2026, 10, 5), period_end=dt.date(2026, 10, 30)
    )  # starts the same day
    db.session.commit()
    _advances(api, pilot, "closed")
    assert _cycle(api, pilot)["allowed_events"] == ["step_back"]


def test_monitoring_without_any_done_quick_win_is_blocked(world, api, pilot):
    at_stage(pilot, "monitoring")
    factories.SolutionFactory(pilot=pilot, tier="quick_win", status="cancelled")
    factories.MeasurementFactory(stage__journey__pilot=pilot)
    db.session.commit()
    _blocked(api.as_(world.regional_coordinator), pilot, "first quick win")


def test_step_back_needs_a_reason_and_everything_is_in_the_history(world, api, pilot):
    at_stage(pilot, "profile")
    api.as_(world.federal_consultant)  # federal consultants move the cycle too
    response = _fire(api, pilot, "step_back", "  ")
    assert response.status_code == 422
    assert "comment" in response.json["error"]["fields"]
    assert _cycle(api, pilot)["stage"] == "profile"  # nothing half-saved
    response = _fire(api, pilot, "step_back", "Портрет пересобираем после фокус-группы")
    assert response.status_code == 200 and response.json["stage"] == "target_group"
    factories.KpiFactory(pilot=pilot)
    pilot.target_group, pilot.service = "Инвалиды", "Содействие в поиске работы"
    db.session.commit()
    _advances(api.as_(world.regional_coordinator), pilot, "profile")
    history = _cycle(api, pilot)["history"]
    assert [(h["from_stage"], h["to_stage"], h["event"]) for h in history] == [
        ("profile", "target_group", "step_back"),
        ("target_group", "profile", "advance"),
    ]
    assert history[0]["comment"] == "Портрет пересобираем после фокус-группы"
    assert history[0]["actor"] == world.federal_consultant.full_name
    assert history[1]["actor"] == world.regional_coordinator.full_name and history[1]["at"]


def test_the_first_stage_cannot_step_back_and_unknown_events_are_refused(world, api, pilot):
    api.as_(world.regional_coordinator)
    response = _fire(api, pilot, "step_back", "причина")
    assert response.status_code == 409 and response.json["error"]["allowed_events"] == ["advance"]
    assert _fire(api, pilot, "jump", "x").status_code == 409


@pytest.mark.parametrize("role", ["working_group_member", "manager"])
def test_only_coordinators_and_consultants_move_the_cycle(world, api, pilot, role):
    response = _fire(api.as_(getattr(world, role)), pilot, "advance")
    assert response.status_code == 403


def test_blockers_speak_the_users_language_russian_by_default(world, api, pilot):
    response = _fire(api.as_(world.regional_coordinator), pilot, "advance", language="")
    assert response.json["error"]["blockers"][0].startswith("Не менее одного участника")


def test_another_regions_pilot_is_not_found(world, api, pilot):
    api.as_(world.coordinator74)
    assert api.get(f"/api/v1/pilots/{pilot.id}/cycle").status_code == 404
    assert _fire(api, pilot, "advance").status_code == 404


def test_the_stage_list_is_the_definition(world):
    assert CYCLE_STAGES[0] == "working_group" and CYCLE_STAGES[-1] == "closed"
    assert len(CYCLE_STAGES) == 9


def test_a_stale_click_does_not_move_the_pilot_twice(world, api, pilot):
    at_stage(pilot, "measurements")
    factories.MeasurementFactory(stage__journey__pilot=pilot)
    factories.SolutionFactory(pilot=pilot)
    db.session.commit()
    api.as_(world.regional_coordinator)
    url = f"/api/v1/pilots/{pilot.id}/cycle/transitions"
    seen = {"event": "advance", "stage": "measurements"}
    assert api.post(url, json=seen).json["stage"] == "solution_map"
    again = api.post(url, json=seen)  # the same page, clicked again
    assert again.status_code == 409 and again.json["error"]["current_stage"] == "solution_map"
    assert _cycle(api, pilot)["stage"] == "solution_map"
    assert len(_cycle(api, pilot)["history"]) == 1
