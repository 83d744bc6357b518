"""The quantitative controls read from real rows (seed 004 §1 items 5, 6, 11, 15, 17), and the
client type of profiles that items 5 and 6 count."""

import datetime as dt

from cxflow.core.extensions import db
from cxflow.maturity.models.events import CompetenceEvent
from cxflow.maturity.services import measures
from tests import factories
from tests.helpers import error_fields, page_html
from tests.maturity.levels_setup import add_meetings, cx_pilot, today


def test_profiles_count_per_client_type_merged_drafts_once(world):
    pilot = factories.PilotFactory(region=world.r52)
    merged = factories.ProfileFactory(pilot=pilot, client_type="seeker")
    factories.ProfileFactory(pilot=pilot, client_type="seeker", merged_into_id=merged.id)
    factories.ProfileFactory(pilot=pilot, client_type="employer")
    factories.ProfileFactory(pilot=pilot)  # no type: not counted
    other = factories.PilotFactory(region=world.r74)
    factories.ProfileFactory(pilot=other, client_type="employer")
    db.session.commit()
    assert measures.profiles(world.r52.id).value == {"seeker": 1, "employer": 1}


def test_journeys_count_by_their_profiles_type(world):
    pilot = factories.PilotFactory(region=world.r52)
    seeker = factories.ProfileFactory(pilot=pilot, client_type="seeker")
    factories.JourneyFactory(pilot=pilot, profile_id=seeker.id)
    factories.JourneyFactory(pilot=pilot, profile_id=seeker.id)
    factories.JourneyFactory(pilot=pilot)  # no profile: not counted
    db.session.commit()
    assert measures.journeys(world.r52.id).value == {"seeker": 2, "employer": 0}


def test_committee_meetings_in_each_of_the_last_three_full_months(world):
    region = world.r52
    pilot = cx_pilot(region)
    add_meetings(pilot, [2, 1, 3], region)
    factories.MeetingFactory(pilot=pilot, held_on=today(region))  # this month: not yet full
    db.session.commit()
    measured = measures.committee_meetings(region.id, today(region))
    assert measured.value == 1
    assert list(measured.detail["months"].values()) == [2, 1, 3]


def test_full_months_and_quarters():
    assert measures.full_months(dt.date(2026, 1, 15), 3) == [
        (dt.date(2025, 10, 1), dt.date(2025, 11, 1)),
        (dt.date(2025, 11, 1), dt.date(2025, 12, 1)),
        (dt.date(2025, 12, 1), dt.date(2026, 1, 1)),
    ]
    assert measures.full_quarters(dt.date(2026, 5, 2), 2) == [
        (dt.date(2025, 10, 1), dt.date(2026, 1, 1)),
        (dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
    ]


def test_events_per_calendar_year_the_better_of_this_and_last(world):
    region = world.r52
    now = today(region)
    for held_on in (
        dt.date(now.year - 1, 5, 1),
        dt.date(now.year - 1, 6, 1),
        dt.date(now.year - 2, 6, 1),
    ):
        factories_event(region, held_on)
    factories_event(region, dt.date(now.year, 1, 1))
    measured = measures.events(region.id, now)
    assert measured.detail["years"] == {str(now.year - 1): 2, str(now.year): 1}
    assert measured.value == 2


def factories_event(region, held_on):
    db.session.add(
        CompetenceEvent(region_id=region.id, held_on=held_on, title="Сессия", kind="session")
    )
    db.session.commit()


def test_the_knowledge_bank_counts_the_regions_own_solutions(world):
    region = world.r52
    pilot = factories.PilotFactory(region=region)
    months = measures.full_months(today(region), 3)
    made = [
        factories.SolutionFactory(
            pilot=pilot, created_at=dt.datetime.combine(s, dt.time(9), dt.UTC)
        )
        for s, _e in months
    ]
    db.session.commit()
    assert measures.knowledge_bank(region.id, today(region)).value == "monthly"
    made[1].origin_id = factories.SolutionFactory(pilot=factories.PilotFactory(region=world.r74)).id
    db.session.commit()  # a copy of another region's solution is not the region's own
    measured = measures.knowledge_bank(region.id, today(region))
    assert list(measured.detail["months"].values()) == [1, 0, 1]
    assert measured.value != "monthly"


def test_profile_client_type_through_the_api(api, world):
    api.as_(world.working_group_member)
    pilot = factories.PilotFactory(region=world.r52)
    db.session.commit()
    url = f"/api/v1/pilots/{pilot.id}/profiles"
    created = api.post(
        url, json={"title": "Работодатель малого бизнеса", "client_type": "employer"}
    )
    assert created.status_code == 201, created.json
    assert created.json["client_type"] == "employer"
    assert "client_type" in error_fields(api.post(url, json={"title": "X", "client_type": "boss"}))
    patched = api.patch(
        f"/api/v1/profiles/{created.json['id']}", json={"client_type": None, "version": 1}
    )
    assert patched.status_code == 200 and patched.json["client_type"] is None


def test_profile_client_type_on_the_form(client, auth, world):
    pilot = factories.PilotFactory(region=world.r52)
    db.session.commit()
    auth.login(world.working_group_member)
    html = page_html(client, f"/pilots/{pilot.id}/profiles/new")
    assert 'name="client_type"' in html
    response = client.post(
        f"/pilots/{pilot.id}/profiles/new",
        data={"title": "Соискатель 50+", "client_type": "seeker"},
    )
    assert response.status_code == 302
    assert "Соискатель" in page_html(client, response.headers["Location"])
    assert measures.profiles(world.r52.id).value == {"seeker": 1, "employer": 0}
