"""The region's maturity level 0–IV against seed 004 §1 (the level matrix, L37–L110): every
level's requirements and thresholds, cumulative levels, the guards' blockers, levels rising and
falling with a recorded history."""

import pytest

from cxflow.clients.models import ClientProfile
from cxflow.core.extensions import db
from cxflow.maturity.models.controls import RegionMaturity
from cxflow.maturity.services import levels
from cxflow.workflows import engine
from cxflow.workflows.definitions import MATURITY_LEVEL
from tests import factories
from tests.maturity.levels_setup import add_meetings, control, meet, set_control


@pytest.fixture
def region(world):
    """Region 52 with two offices (office requirements are «в каждом ЦЗН»)."""
    factories.OfficeFactory(region=world.r52, name="ЦЗН Дзержинска")
    db.session.commit()
    db.session.refresh(world.r52)
    return world.r52


def level_of(region) -> int:
    return levels.snapshot(region).level


def missing_numbers(region, level) -> set[tuple[str, str]]:
    return {(m.number, m.scope) for m in levels.snapshot(region).missing(level)}


# --- level 0 and what level I needs -------------------------------------------------------------


def test_a_region_with_no_data_is_at_level_0_and_sees_what_level_I_needs(api, world):
    api.as_(world.regional_coordinator)
    body = api.get(f"/api/v1/regions/{world.r52.id}/maturity").json
    assert body["level"] == 0
    assert body["next_level"]["level"] == 1
    # Level I of seed 004 §1: items 1, 2 (L42–L43), 3 and 4 in the region (L45, L48), 5 and 6
    # with 1 + 1 (L52, L55), 10 (L71), 13 (L87), 14 (L88), 14.1 (L94).
    needed = [m["number"] for m in body["next_level"]["missing"]]
    assert needed == ["1", "2", "3", "4", "5", "6", "10", "13", "14", "14.1"]
    reasons = {m["number"]: m["reason"] for m in body["next_level"]["missing"]}
    assert reasons["5"] == "0 (соискатели) + 0 (работодатели), нужно не менее 1 + 1"
    assert body["history"] == []


# --- every level, exactly ---------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_each_level_is_reached_when_all_its_requirements_and_those_below_are_met(region, level):
    meet(region, level)
    assert level_of(region) == level
    if level < 4:  # and not one level more: the next one has requirements of its own
        assert missing_numbers(region, level + 1)


def test_what_each_level_adds_follows_the_matrix(region):
    """New requirements per level (seed 004 §1): the activities that first appear at II, III
    and IV, in the region and in the offices."""
    meet(region, 1)
    assert missing_numbers(region, 2) == {
        ("7", "region"),  # L59
        ("11", "region"),  # L76: ≥ 1 meeting a month
        ("12", "region"),  # L84
        ("14.2", "region"),  # L95
        ("14.3", "region"),  # L96
        ("15", "region"),  # L99 «Разработка»
        ("16", "region"),  # L102 «Разработка»
        ("17", "region"),  # L103: ≥ 2 events
        ("18", "region"),  # L109 «Разработка»
        ("19", "office"),  # L110 «В отдельных мероприятиях»
        ("5", "region"),  # 2 + 2
        ("6", "region"),
    }


def test_level_IV_alone_adds_item_9_and_the_office_rows_of_items_4_8_12_15_and_all_of_19(region):
    meet(region, 3, skip={("19", "office")})
    set_control(region, "19", "operating", region.offices[0])  # «в отдельных» suffices at III
    db.session.commit()
    assert level_of(region) == 3
    assert missing_numbers(region, 4) == {
        ("9", "region"),  # L69: АИС only at IV
        ("4", "office"),  # L50
        ("8", "office"),  # L68
        ("12", "office"),  # L85
        ("15", "office"),  # L101
        ("15", "region"),  # L100 with L191: monthly
        ("11", "region"),  # L76: twice a month
        ("17", "region"),  # L103: 6 events
        ("19", "office"),  # L110 «Во всех мероприятиях»
        ("5", "region"),  # L52: 5 + 4
        ("6", "region"),  # L55
    }


# --- in development where the seed says «Разработка» ------------------------------------------


def test_in_development_meets_level_II_for_items_15_16_18(region):
    """Seed 004 L99, L102, L109: «Разработка» at level II."""
    meet(region, 2)
    for number in ("15", "16", "18"):
        assert control(region, number).status == "in_development"
    assert level_of(region) == 2


@pytest.mark.parametrize("number", ["15", "16", "18"])
def test_level_III_needs_items_15_16_18_operating(region, number):
    meet(region, 3, skip={(number, "region")})
    set_control(region, number, "in_development")
    db.session.commit()
    assert level_of(region) == 2
    assert (number, "region") in missing_numbers(region, 3)


def test_levels_are_cumulative_a_level_I_item_missing_holds_the_region_at_0(region):
    """14.1 has a mark at level I only (L94): missing, no level is reached."""
    meet(region, 3, skip={("14.1", "region")})
    assert level_of(region) == 0


# --- region and offices -------------------------------------------------------------------------


def test_office_rows_need_every_office(region):
    """Item 3 «в каждом ЦЗН» at III (L46): one office not operating keeps the region at II."""
    meet(region, 3)
    office = region.offices[0]
    control(region, "3", office).status = "in_development"
    db.session.commit()
    assert level_of(region) == 2
    reason = next(m for m in levels.snapshot(region).missing(3) if m.number == "3")
    assert "в 1 из 2 ЦЗН" in reason.reason and office.name in reason.reason


def test_item_19_needs_some_offices_at_II_and_every_office_at_IV(region):
    """Seed 004 L110: «В отдельных мероприятиях» at II, «Во всех мероприятиях» at IV."""
    meet(region, 4, skip={("19", "office")})
    set_control(region, "19", "operating", region.offices[0])
    db.session.commit()
    assert level_of(region) == 3
    set_control(region, "19", "operating", region.offices[1])
    db.session.commit()
    assert level_of(region) == 4


def test_office_requirements_with_no_offices_are_not_met(world):
    region = world.r74
    db.session.delete(world.office74)
    db.session.commit()
    db.session.refresh(region)
    meet(region, 2)
    assert level_of(region) == 1
    reason = next(m for m in levels.snapshot(region).missing(2) if m.number == "19")
    assert reason.reason == "у региона в cxflow пока нет ЦЗН"


# --- thresholds of the quantitative controls -----------------------------------------------------


@pytest.mark.parametrize(
    ("level", "profiles", "expected"),
    [
        (2, (2, 1), 1),  # L52 «Не менее 2+2»
        (2, (2, 2), 2),
        (3, (3, 2), 2),  # «Не менее 3+3»
        (4, (4, 4), 3),  # «Не менее 5+4»
        (4, (5, 3), 3),
        (4, (5, 4), 4),
    ],
)
def test_profile_thresholds(region, level, profiles, expected):
    meet(region, level, profiles=profiles)
    assert level_of(region) == expected


def test_level_I_needs_a_profile_of_each_client_type(region):
    """Seed 004 L52: «1 (соискатель) + 1 (работодатель)»: two seeker profiles are not enough."""
    meet(region, 1)
    assert level_of(region) == 1
    for profile in db.session.scalars(db.select(ClientProfile)):
        profile.client_type = "seeker"
    db.session.commit()
    assert level_of(region) == 0
    reasons = {m.number: m.reason for m in levels.snapshot(region).missing(1)}
    assert reasons["5"] == "2 (соискатели) + 0 (работодатели), нужно не менее 1 + 1"


@pytest.mark.parametrize(
    ("level", "journeys", "expected"),
    [(1, (0, 1), 0), (2, (1, 2), 1), (3, (3, 3), 3), (4, (5, 3), 3), (4, (5, 4), 4)],
)
def test_journey_thresholds(region, level, journeys, expected):
    """Seed 004 L55: the same numbers for client journeys."""
    meet(region, level, journeys=journeys)
    assert level_of(region) == expected


@pytest.mark.parametrize(
    ("level", "meetings", "expected"),
    [
        (2, [1, 0, 1], 1),  # L76: at least once a month — every month of the window
        (2, 1, 2),
        (4, [2, 1, 2], 3),  # at least twice a month at IV
        (4, 2, 4),
    ],
)
def test_committee_meeting_thresholds(region, level, meetings, expected):
    meet(region, level, meetings=meetings)
    assert level_of(region) == expected


@pytest.mark.parametrize(
    ("level", "events", "expected"),
    [(2, 1, 1), (2, 2, 2), (3, 3, 2), (3, 4, 3), (4, 5, 3), (4, 6, 4)],
)
def test_event_thresholds(region, level, events, expected):
    """Seed 004 L103: at least 2 / 4 / 6 events at II / III / IV (none asked at I)."""
    meet(region, level, events=events)
    assert level_of(region) == expected


@pytest.mark.parametrize(
    ("level", "bank", "expected"),
    [(3, "irregular", 2), (3, "quarterly", 3), (4, "quarterly", 3), (4, "monthly", 4)],
)
def test_knowledge_bank_cadence(region, level, bank, expected):
    """Seed 004 L99 («Полноценное функционирование и пополнение») read with the checklist's
    cadence L190 (quarterly) and L191 (monthly)."""
    meet(region, level, bank=bank)
    assert level_of(region) == expected


def test_a_meeting_of_another_pilots_group_does_not_count(region):
    """The regional committee is the working group of the `cx_system` pilot (cxflow's
    decision); a journey pilot's meetings are another group's."""
    meet(region, 2, meetings=0)
    journey_pilot = factories.PilotFactory(region=region)
    add_meetings(journey_pilot, 1, region)
    db.session.commit()
    assert level_of(region) == 1


# --- the level as a guarded state machine --------------------------------------------------------


def test_the_reach_guard_lists_exactly_what_is_missing(region, world):
    meet(region, 1)
    row = levels.record_level(world.regional_coordinator, region)
    assert row.level == "level_1"
    blockers = engine.blockers(MATURITY_LEVEL, row, "reach")
    assert blockers == [str(m) for m in levels.snapshot(region).missing(2)]
    assert "17 (регион): 0 мероприят. в год, нужно не менее 2" in blockers


def test_the_lose_guard_refuses_while_the_level_is_met(region, world):
    meet(region, 1)
    row = levels.record_level(world.regional_coordinator, region)
    assert engine.blockers(MATURITY_LEVEL, row, "lose") == [
        "все требования уровня I по-прежнему выполнены"
    ]


def test_the_level_rises_step_by_step_and_falls_when_a_control_falls_back(region, world):
    meet(region, 3)
    row = levels.record_level(world.regional_coordinator, region)
    db.session.commit()
    assert row.level == "level_3"
    records = levels.level_records(row)
    assert [(r.from_state, r.to_state) for r in records] == [
        ("level_0", "level_1"),
        ("level_1", "level_2"),
        ("level_2", "level_3"),
    ]
    control(region, "2").status = "in_development"  # the code of customer-centricity, L43
    db.session.commit()
    row = levels.record_level(world.regional_coordinator, region)
    db.session.commit()
    assert row.level == "level_0"
    lost = levels.level_records(row)[3:]
    assert [r.event for r in lost] == ["lose", "lose", "lose"]
    assert "2 (регион): нужно «функционирует», сейчас «в разработке»" in lost[0].comment
    history = levels.level_history(row)
    assert [(p.level, p.lost_on is not None) for p in history] == [
        (3, True),
        (2, True),
        (1, True),
    ]


def test_one_level_row_per_region(region, world):
    levels.record_level(world.regional_coordinator, region)
    levels.record_level(world.regional_coordinator, region)
    db.session.commit()
    assert db.session.query(RegionMaturity).count() == 1
