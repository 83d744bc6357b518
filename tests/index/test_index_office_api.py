"""GET /api/v1/offices/{id}/index and /regions/{id}/index (API.md "Customer-centricity index"):
the shape, the period (the region's own or a transient one), seekers and employers, chosen
and filled checklists, suspension, the managing office's regional indicators, the change
against the baseline period, access and a fixed number of queries."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from cxflow.index.services import periods
from tests import factories
from tests.helpers import error_fields
from tests.index.scores_data import BEFORE, END, START, fill, period, respond

OFFICE_LEVEL = {
    "professional_competence",
    "communication_competence",
    "management_openness",
    "usefulness",
    "vacancy_dynamics",
    "jobseeker_events",
    "info_office",
    "info_contact_center",
    "quick_response",
    "simplicity",
    "prebooking",
    "personal_consultant",
    "personal_circumstances",
    "staff_appearance",
    "coordination",
    "transport",
    "comfort",
}
REGIONAL = {"info_website", "info_social", "multichannel"}

V1 = {"methodology_key": "indicators-2022", "methodology_version": 1}


def url(office, start=START, end=END):
    query = f"?from={start}&to={end}" if start else ""
    return f"/api/v1/offices/{office.id}/index{query}"


@pytest.fixture
def pilot_period(world):
    found = period(world.r52, ["management_openness", "comfort", "quick_response"])
    db.session.commit()
    return found


def test_the_shape_of_api_md(world, api, pilot_period):
    respond(world.office52, 8, q10=9, q12={"used": True, "score": 8})
    respond(world.office52, 4, q10=4, respondent="employer", q12={"used": True, "score": 3})
    fill(world.office52, pilot_period, "management_openness", ["swap_days", "public_phone"])
    db.session.commit()
    body = api.as_(world.manager).get(url(world.office52)).json
    assert body["office_id"] == world.office52.id
    assert body["period"] == {
        "id": pilot_period.id,
        "from": "2022-04-25",
        "to": "2022-05-06",
        **V1,
    }
    assert (body["methodology_key"], body["methodology_version"]) == ("indicators-2022", 1)
    assert body["minimum"] == 10
    assert set(body["indicators"]) == OFFICE_LEVEL
    assert body["regional_indicators"] == {}
    competence = body["indicators"]["professional_competence"]
    assert competence["subjective"] == {
        "positive_share": 0.6667,
        "positive": 8,
        "responses": 12,
        "too_few": False,
        "by_respondent": {
            "seeker": {"positive_share": 1.0, "positive": 8, "responses": 8, "too_few": True},
            "employer": {"positive_share": 0.0, "positive": 0, "responses": 4, "too_few": True},
        },
    }
    assert competence["objective"] is None
    assert (competence["score"], competence["max"]) == (0.6667, 1)
    openness = body["indicators"]["management_openness"]
    assert openness["objective"]["score"] == 0.4
    assert openness["objective"]["max"] == 1
    assert openness["objective"]["chosen"] and openness["objective"]["filled"]
    assert (openness["score"], openness["max"]) == (1.0667, 2)
    assert openness["kind"] == "both" and openness["level"] == "office"
    quick = body["indicators"]["quick_response"]["objective"]
    assert quick["chosen"] and not quick["filled"] and quick["score"] is None
    transport = body["indicators"]["transport"]["objective"]
    assert not transport["chosen"] and not transport["filled"]
    assert body["indicators"]["vacancy_dynamics"]["subjective"] is None
    assert body["indicators"]["vacancy_dynamics"]["score"] is None  # not chosen: left out
    assert body["annulled"] is False and body["annulment"] is None
    assert isinstance(body["total"], float)
    assert body["baseline_period"] is None and body["change"] is None


def test_dates_without_a_period_give_the_answers_only(world, api, pilot_period):
    respond(world.office52, 10, q10=9, day=dt.date(2022, 6, 1))
    db.session.commit()
    body = api.as_(world.manager).get(url(world.office52, "2022-06-01", "2022-06-30")).json
    assert body["period"] == {"id": None, "from": "2022-06-01", "to": "2022-06-30", **V1}
    assert body["indicators"]["professional_competence"]["score"] == 1.0
    openness = body["indicators"]["management_openness"]["objective"]
    assert not openness["chosen"] and not openness["filled"]
    assert periods.find(world.r52.id, dt.date(2022, 6, 1), dt.date(2022, 6, 30)) is None


def test_without_dates_the_latest_period(world, api):
    period(world.r52, start=BEFORE[0], end=BEFORE[1])
    latest = period(world.r52)
    db.session.commit()
    body = api.as_(world.manager).get(url(world.office52, None)).json
    assert body["period"]["id"] == latest.id


def test_bad_periods_name_the_field(world, api):
    api.as_(world.manager)
    assert "from" in error_fields(api.get(url(world.office52, None)))  # no period yet
    assert "to" in error_fields(
        api.get(f"/api/v1/offices/{world.office52.id}/index?from=2022-04-25")
    )
    assert "from" in error_fields(
        api.get(f"/api/v1/offices/{world.office52.id}/index?to=2022-04-25")
    )
    assert "to" in error_fields(api.get(url(world.office52, "2022-05-06", "2022-04-25")))
    assert "from" in error_fields(api.get(url(world.office52, "2022-13-01", "2022-04-25")))


def test_a_suspended_indicator_says_so_and_why(world, api, pilot_period):
    respond(world.office52, 10, q2=9)
    periods.suspend(pilot_period, "comfort", "ремонт помещения", world.admin)
    db.session.commit()
    comfort = api.as_(world.manager).get(url(world.office52)).json["indicators"]["comfort"]
    assert comfort["suspended"] and comfort["suspension_reason"] == "ремонт помещения"
    assert comfort["score"] is None and comfort["max"] is None  # left out, not 0


def test_the_managing_office_carries_the_regional_indicators_once(world, api, pilot_period):
    managing = factories.OfficeFactory(region=world.r52, name="Управляющий ЦЗН")
    managing.is_managing_office = True
    periods.choose(world.r52, START, END, ["management_openness", "multichannel"])
    respond(
        world.office52, 6, q15={"office": 9, "website": 9, "social": None, "contact_center": None}
    )
    respond(managing, 4, q15={"office": 9, "website": 3, "social": None, "contact_center": None})
    fill(managing, pilot_period, "multichannel", ["feedback_form", "online_chat", "email"])
    db.session.commit()
    api.as_(world.manager)
    body = api.get(url(managing)).json
    assert body["is_managing_office"] and set(body["regional_indicators"]) == REGIONAL
    assert set(body["indicators"]) == OFFICE_LEVEL
    website = body["regional_indicators"]["info_website"]["subjective"]
    assert (website["positive"], website["responses"]) == (6, 10)  # every office's answers
    multichannel = body["regional_indicators"]["multichannel"]
    assert multichannel["objective"]["score"] == 0.3 and multichannel["subjective"] is None
    assert multichannel["distribution"] == {
        "seeker": {"office": 10, "website": 0, "social": 0, "contact_center": 0, "other": 0}
    }
    assert (multichannel["score"], multichannel["max"]) == (0.3, 1)
    other = api.get(url(world.office52)).json
    assert other["regional_indicators"] == {} and not other["is_managing_office"]
    assert not REGIONAL & set(other["indicators"])


def test_the_change_against_the_baseline_period(world, api):
    baseline = period(world.r52, start=BEFORE[0], end=BEFORE[1])
    current = period(world.r52)
    respond(world.office52, 10, q10=9, day=BEFORE[0])  # 1 of 11 → 9.09
    respond(world.office52, 10, q10=9, q11=9)  # 2 of 11 → 18.18
    db.session.commit()
    body = api.as_(world.manager).get(url(world.office52)).json
    assert body["period"]["id"] == current.id
    assert body["baseline_period"] == {
        "id": baseline.id,
        "from": "2021-10-01",
        "to": "2021-12-31",
        **V1,
    }
    assert (body["total"], body["baseline_total"], body["change"]) == (18.18, 9.09, 9.09)


def test_the_region_index(world, api, pilot_period):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    respond(world.office52, 10, q10=9)
    respond(second, 10, q10=5)
    db.session.commit()
    body = (
        api.as_(world.manager)
        .get(f"/api/v1/regions/{world.r52.id}/index?from={START}&to={END}")
        .json
    )
    assert body["region_id"] == world.r52.id and body["period"]["id"] == pilot_period.id
    assert [o["office_name"] for o in body["offices"]] == ["ЦЗН Нижнего Новгорода", "ЦЗН Сергача"]
    assert [o["total"] for o in body["offices"]] == [9.09, 0.0]
    assert body["indicators"]["professional_competence"]["score"] == 0.5
    assert set(body["indicators"]) == OFFICE_LEVEL | REGIONAL


def test_access(world, api, client, pilot_period):
    assert client.get(url(world.office52)).status_code == 401
    assert api.as_(world.coordinator74).get(url(world.office52)).status_code == 404
    assert api.get(f"/api/v1/regions/{world.r52.id}/index").status_code == 404
    for user in (world.working_group_member, world.manager, world.federal_consultant, world.admin):
        assert api.as_(user).get(url(world.office52)).status_code == 200
    assert api.get(url(world.office74)).status_code == 200  # an admin sees every region


def test_the_queries_do_not_grow_with_offices_or_answers(world, api, pilot_period, query_counts):
    world.office52.is_managing_office = True
    db.session.commit()

    def grow(n):
        for _ in range(n):
            office = factories.OfficeFactory(region=world.r52)
            respond(office, n, q10=9)
            fill(office, pilot_period, "comfort", [])
        respond(world.office52, n, q10=9)
        db.session.commit()

    api.as_(world.manager)
    second = factories.OfficeFactory(region=world.r52)
    db.session.commit()
    urls = [url(world.office52), url(second), f"/api/v1/regions/{world.r52.id}/index"]
    small, large = query_counts(api.get, urls, grow, growth=(2, 9))
    assert large == small
