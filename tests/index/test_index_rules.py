"""Every point rule of seed 002 (as indicators-2022 states it, with cxflow's decisions where
the seed is silent) checked with numbers computed by hand, on the real methodology data: the
objective checklists (App. 8), the subjective shares (App. 6/7, L117), an indicator's score,
the office total, suspension and annulment; and the averages of the seed's comparison table
(§2.3, L1059–1080) reproduced from office checklists."""

import dataclasses
import datetime as dt

import pytest

from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, AnnulmentAction
from cxflow.index.services import index, indicators, periods, scoring
from cxflow.index.services.scoring import BadValues, Score, Share
from tests import factories
from tests.index.scores_data import END, START, fill, period, respond


@pytest.fixture
def m(app):
    """The methodology in force: indicators-2022, version 1."""
    found = indicators.current()
    assert (found.key, found.version, len(found.indicators)) == ("indicators-2022", 1, 20)
    return found


def points(m, key, codes=(), values=None):
    return scoring.objective_points(m.indicator(key), codes, values)


def codes(m, key, level=None):
    return [
        p.code for p in m.indicator(key).parameters if level is None or p.comfort_level == level
    ]


# --- objective checklists (App. 8) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["info_office", "info_website", "info_social", "info_contact_center"]
)
def test_information_checklists_give_a_tenth_per_parameter_up_to_half(m, key):
    every = codes(m, key)
    assert len(every) == 5 and m.indicator(key).objective_max == 0.5
    assert points(m, key, []) == 0
    assert points(m, key, every[:1]) == 0.1
    assert points(m, key, every[:3]) == 0.3  # not 0.30000000000000004
    assert points(m, key, every[:4]) == 0.4
    assert points(m, key, every) == 0.5


def test_multichannel_gives_a_tenth_per_channel_up_to_one(m):
    channels = codes(m, "multichannel")
    assert len(channels) == 10
    assert points(m, "multichannel", channels[:7]) == 0.7
    assert points(m, "multichannel", channels) == 1.0


def test_prebooking_gives_a_quarter_per_channel(m):
    channels = codes(m, "prebooking")
    assert channels == ["website", "contact_center", "office", "social"]
    assert points(m, "prebooking", ["office"]) == 0.25
    assert points(m, "prebooking", channels[:3]) == 0.75
    assert points(m, "prebooking", channels) == 1.0


@pytest.mark.parametrize("key", ["staff_appearance", "management_openness"])
def test_appearance_and_openness_give_a_fifth_per_parameter(m, key):
    every = codes(m, key)
    assert len(every) == 5
    assert points(m, key, every[:1]) == 0.2
    assert points(m, key, every[:2]) == 0.4  # «1 параметр = 0,2, 2 параметра = 0,4» (L779)
    assert points(m, key, every[:4]) == 0.8
    assert points(m, key, every) == 1.0


def test_transport_gives_half_a_point_per_parameter_a_decision(m):
    transport = m.indicator("transport")
    assert codes(m, "transport") == ["stops_access", "accessible_environment"]
    assert points(m, "transport", ["stops_access"]) == 0.5
    assert points(m, "transport", codes(m, "transport")) == 1.0
    assert "решение cxflow" in transport.decision


def test_quick_response_yes_is_one_point_a_decision(m):
    assert points(m, "quick_response", ["statistics"]) == 1.0
    assert points(m, "quick_response", []) == 0.0
    assert "решение cxflow" in m.indicator("quick_response").decision


def test_unknown_codes_give_nothing(m):
    assert points(m, "info_office", ["no_such_code", "stands_access"]) == 0.1


# jobseeker events: 0.1 per distinct type, listed or not (L2335), capped at 2 -------------------


def test_events_give_a_tenth_per_listed_type(m):
    listed = codes(m, "jobseeker_events")
    assert len(listed) == 9
    assert points(m, "jobseeker_events", ["job_fair"]) == 0.1
    assert points(m, "jobseeker_events", listed) == 0.9


def test_events_outside_the_list_count_too_and_each_type_once(m):
    others = ["Квест для выпускников", "Ярмарка профессий", "квест для выпускников "]
    # two distinct other types (the third repeats the first), plus 2 listed: 4 × 0.1
    assert points(m, "jobseeker_events", ["job_fair", "open_day"], {"other_events": others}) == 0.4
    assert points(m, "jobseeker_events", [], {"other_events": ["", "  "]}) == 0


def test_an_event_outside_the_list_named_like_a_listed_one_is_that_type(m):
    """«Ярмарка вакансий» typed as an «other» event is the listed job fair: one type, 0.1."""
    assert points(m, "jobseeker_events", [], {"other_events": ["Ярмарка вакансий"]}) == 0.1
    both = points(m, "jobseeker_events", ["job_fair"], {"other_events": ["ярмарка вакансий"]})
    assert both == 0.1


def test_events_are_capped_at_two_that_is_twenty_types(m):
    listed = codes(m, "jobseeker_events")
    eleven = [f"Мероприятие {n}" for n in range(11)]
    assert points(m, "jobseeker_events", listed, {"other_events": eleven}) == 2.0  # 9 + 11
    twelve = [f"Мероприятие {n}" for n in range(12)]
    assert points(m, "jobseeker_events", listed, {"other_events": twelve}) == 2.0  # 2.1 capped
    assert points(m, "jobseeker_events", listed, {"other_events": eleven[:10]}) == 1.9


# comfort: 0.75 / 1.5 / 2 for levels 3 / 3+2 / 3+2+1 fully met (L2356–2360) ---------------------


def test_comfort_levels_are_cumulative(m):
    l3, l2, l1 = codes(m, "comfort", 3), codes(m, "comfort", 2), codes(m, "comfort", 1)
    assert (len(l3), len(l2), len(l1)) == (11, 11, 21)
    assert points(m, "comfort", []) == 0
    assert points(m, "comfort", l3) == 0.75
    assert points(m, "comfort", l3 + l2) == 1.5
    assert points(m, "comfort", l3 + l2 + l1) == 2.0


def test_comfort_one_missing_level_3_parameter_gives_nothing(m):
    l3, l2, l1 = codes(m, "comfort", 3), codes(m, "comfort", 2), codes(m, "comfort", 1)
    assert points(m, "comfort", l3[1:]) == 0
    assert points(m, "comfort", l3[1:] + l2 + l1) == 0  # the upper levels stand on level 3


def test_comfort_level_1_without_level_2_stays_at_level_3(m):
    l3, l2, l1 = codes(m, "comfort", 3), codes(m, "comfort", 2), codes(m, "comfort", 1)
    assert points(m, "comfort", l3 + l1) == 0.75
    assert points(m, "comfort", l3 + l2[:-1] + l1) == 0.75  # one level-2 parameter missing


# vacancy dynamics: (current / previous − 1) × 2, clamped to [0, 2] (L2326–2331) ---------------


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (130, 100, 0.6),  # (1.3 − 1) × 2
        (120, 100, 0.4),
        (100, 100, 0.0),
        (150, 100, 1.0),
        (200, 100, 2.0),  # the table's maximum (L1065)
        (250, 100, 2.0),  # 3 clamped to 2 (cxflow's decision)
        (80, 100, 0.0),  # −0.4 clamped to 0
        (0, 100, 0.0),
        (295, 200, 0.95),
    ],
)
def test_vacancy_dynamics(m, current, previous, expected):
    values = {"current": current, "previous": previous}
    assert points(m, "vacancy_dynamics", [], values) == pytest.approx(expected, abs=1e-9)


def test_vacancy_dynamics_without_previous_vacancies_names_the_value(m):
    with pytest.raises(BadValues) as error:
        points(m, "vacancy_dynamics", [], {"current": 10, "previous": 0})
    assert error.value.field == "values.previous"
    for bad in ({"current": -1, "previous": 5}, {"current": 1.5, "previous": 5}, {}):
        with pytest.raises(BadValues) as error:
            points(m, "vacancy_dynamics", [], bad)
        assert error.value.field == "values.current"


def test_vacancy_dynamics_with_previous_zero_is_refused_by_the_checklist(world, m):
    found = period(world.r52, ["vacancy_dynamics"])
    with pytest.raises(ValidationError) as error:
        fill(world.office52, found, "vacancy_dynamics", values={"current": 5, "previous": 0})
    assert list(error.value.fields) == ["values.previous"]
    checklist = fill(
        world.office52, found, "vacancy_dynamics", values={"current": 130, "previous": 100}
    )
    assert (checklist.score, checklist.max) == (0.6, 2)


# --- subjective shares (L117: 8–10 is positive) -------------------------------------------------


def test_share_is_positive_answers_among_answers_given():
    share = Share(9, 12, 10)
    assert share.share == 0.75 and not share.too_few
    assert Share(9, 9, 10).too_few  # below the minimum of 10
    assert not Share(0, 10, 10).too_few and Share(0, 10, 10).share == 0
    assert Share(0, 0, 10).share is None
    assert (Share(3, 4, 10) + Share(2, 6, 10)).share == 0.5


def test_the_methodology_sets_the_band_and_the_minimum(m):
    assert (m.positive_min, m.positive_max, m.min_responses) == (8, 10, 10)
    assert "решение cxflow" in m.min_responses_decision


def office_result(world, key, found_period=None):
    found_period = found_period or period(world.r52)
    return index.office_index(world.office52, found_period).result(key)


def test_answers_8_to_10_are_positive_and_not_applicable_is_left_out(world):
    respond(world.office52, 4, q2=7)  # 7: not positive
    respond(world.office52, 3, q2=8)
    respond(world.office52, 2, q2=9)
    respond(world.office52, 1, q2=10)
    respond(world.office52, 5, q2=None)  # «не могу оценить»: left out (remark #15)
    result = office_result(world, "comfort")
    assert (result.subjective.positive, result.subjective.responses) == (6, 10)
    assert result.subjective.share == 0.6
    assert result.score == Score(0.6, 1)  # no checklist chosen: the subjective part only


def test_q4_dont_know_is_left_out(world):
    respond(world.office52, 6, q4="yes")
    respond(world.office52, 4, q4="no")
    respond(world.office52, 5, q4="dont_know")
    result = office_result(world, "personal_consultant")
    assert (result.subjective.positive, result.subjective.responses) == (6, 10)
    assert result.score.score == 0.6


def test_q12_and_q13_count_only_those_who_used_the_channel(world):
    respond(world.office52, 8, q12={"used": True, "score": 9}, q13={"used": True, "score": 3})
    respond(world.office52, 2, q12={"used": True, "score": 5}, q13={"used": True, "score": 10})
    respond(world.office52, 20)  # never contacted the management nor pre-booked
    openness = office_result(world, "management_openness")
    assert (openness.subjective.positive, openness.subjective.responses) == (8, 10)
    prebooking = index.office_index(world.office52, periods.find(world.r52.id, START, END))
    booking = prebooking.result("prebooking").subjective
    assert (booking.positive, booking.responses) == (2, 10)


def test_q15_channels_not_used_are_left_out(world):
    respond(
        world.office52, 10, q15={"office": 9, "website": None, "social": 8, "contact_center": None}
    )
    respond(
        world.office52, 5, q15={"office": 4, "website": 10, "social": None, "contact_center": None}
    )
    found = index.office_index(world.office52, period(world.r52))
    office = found.result("info_office").subjective
    contact = found.result("info_contact_center").subjective
    assert (office.positive, office.responses) == (10, 15)
    assert (contact.positive, contact.responses) == (0, 0) and contact.too_few


def test_seekers_and_employers_apart_and_pooled(world):
    respond(world.office52, 6, q10=9)
    respond(world.office52, 4, q10=3, respondent="employer")
    respond(world.office52, 4, q10=10, respondent="employer")
    result = office_result(world, "professional_competence")
    assert (result.by_respondent["seeker"].positive, result.by_respondent["seeker"].responses) == (
        6,
        6,
    )
    assert result.by_respondent["seeker"].too_few  # 6 alone are too few…
    assert (
        result.by_respondent["employer"].positive,
        result.by_respondent["employer"].responses,
    ) == (
        4,
        8,
    )
    assert (result.subjective.positive, result.subjective.responses) == (10, 14)  # …pooled not
    assert result.score.score == pytest.approx(0.7143)


def test_too_few_answers_are_shown_and_left_out_of_the_total(world):
    respond(world.office52, 9, q10=10, q11=10)
    found = index.office_index(world.office52, period(world.r52))
    result = found.result("professional_competence")
    assert result.subjective.too_few and result.subjective.share == 1.0
    assert result.score == Score(None, None)
    assert found.total is None  # nothing counts: no total, not 0


def test_answers_outside_the_period_or_not_counted_are_left_out(world):
    respond(world.office52, 10, q10=9, day=START - dt.timedelta(days=1))
    respond(world.office52, 10, q10=9, counted=False)  # flagged, waiting for review
    respond(world.office52, 10, q10=5, day=END)
    result = office_result(world, "professional_competence")
    assert (result.subjective.positive, result.subjective.responses) == (0, 10)


# --- an indicator's score and the total ---------------------------------------------------------


def test_a_both_indicator_adds_share_times_its_weight_and_objective_points(m):
    openness = m.indicator("management_openness")
    assert scoring.indicator_score(openness, Share(7, 10, 10), 0.4) == Score(1.1, 2)
    # the subjective part alone when the checklist is not filled, and the reverse
    assert scoring.indicator_score(openness, Share(7, 10, 10), None) == Score(0.7, 1)
    assert scoring.indicator_score(openness, Share(7, 9, 10), 0.4) == Score(0.4, 1)
    assert scoring.indicator_score(openness, None, None) == Score(None, None)
    # each part capped at its own maximum
    assert scoring.indicator_score(openness, Share(10, 10, 10), 3.0) == Score(2.0, 2)


def test_no_answers_never_count_even_without_a_minimum(m):
    competence = m.indicator("professional_competence")
    assert scoring.indicator_score(competence, Share(0, 0, 0), None) == Score(None, None)
    assert scoring.indicator_score(competence, Share(1, 2, 0), None) == Score(0.5, 1)


def test_a_subjective_weight_other_than_one_scales_the_share(m):
    heavier = dataclasses.replace(m.indicator("comfort"), subjective_max=2)
    assert scoring.indicator_score(heavier, Share(3, 4, 2), 1.5) == Score(3.0, 4)


def test_the_office_total_is_the_weighted_mean_of_normalised_scores_times_100(m):
    results = [
        (m.indicator("professional_competence"), Score(0.75, 1)),  # 0.75
        (m.indicator("management_openness"), Score(1.2, 2)),  # 0.6
        (m.indicator("comfort"), Score(1.5, 2)),  # 0.75 (objective only)
        (m.indicator("usefulness"), Score(None, None)),  # left out, not 0
    ]
    assert scoring.total(results) == 70.0  # (0.75 + 0.6 + 0.75) / 3 × 100
    weighted = [
        (dataclasses.replace(i, weight=2), s) if i.key == "comfort" else (i, s) for i, s in results
    ]
    assert scoring.total(weighted) == 71.25  # (0.75 + 0.6 + 2 × 0.75) / 4 × 100
    assert scoring.total([(m.indicator("usefulness"), Score(None, None))]) is None


def test_the_office_total_from_answers_and_checklists(world):
    """15 answers: q10 9 of 10 given positive (5 blank) → 0.9 / 1; q12 used by all 15, 9
    positive → 0.6, plus 2 openness parameters 0.4 → 1.0 / 2; comfort: q2 0 of 15 → 0 / 1,
    level 3 met → 0.75 / 2, together 0.75 / 3; nine more indicators at 0 of 15 (q1, q3, q4
    «нет», q5, q6, q7, q8, q9, q11) → 0 / 1 each; the rest have no answers and no chosen
    checklist (left out). Total = (0.9 + 1.0/2 + 0.75/3 + 9 × 0) / 12 × 100 = 13.75."""
    found = period(world.r52, ["management_openness", "comfort"])
    respond(world.office52, 9, q10=9, q12={"used": True, "score": 10})
    respond(world.office52, 1, q10=7, q12={"used": True, "score": 2})
    respond(world.office52, 5, q10=None, q12={"used": True, "score": 4})
    fill(world.office52, found, "management_openness", ["swap_days", "public_email"])
    level_3 = [
        p.code
        for p in periods.methodology_of(found).indicator("comfort").parameters
        if p.comfort_level == 3
    ]
    fill(world.office52, found, "comfort", level_3)
    office = index.office_index(world.office52, found)
    assert office.result("professional_competence").score == Score(0.9, 1)
    openness = office.result("management_openness")
    assert (openness.subjective.positive, openness.subjective.responses) == (9, 15)
    assert openness.score == Score(1.0, 2)
    assert office.result("comfort").score == Score(0.75, 3)
    counted = [r for r in office.results if r.score.score is not None]
    assert len(counted) == 12
    assert office.total == 13.75


def test_a_suspended_indicator_is_left_out_not_scored_zero(world):
    found = period(world.r52, ["management_openness"])
    respond(world.office52, 10, q10=9, q11=9)
    before = index.office_index(world.office52, found).total
    periods.suspend(found, "professional_competence", "затяжной экономический спад", world.admin)
    db.session.flush()
    db.session.expire(found)
    office = index.office_index(world.office52, found)
    result = office.result("professional_competence")
    assert result.suspended and result.score == Score(None, None)
    # 11 scored indicators, 2 positive (q10, q11) → 2/11; without q10: 1/10
    assert before == pytest.approx(18.18)
    assert office.total == 10.0


def test_an_annulled_office_scores_zero_everywhere(world):
    found = period(world.r52, ["management_openness"])
    respond(world.office52, 10, q10=9, q12={"used": True, "score": 9})
    fill(world.office52, found, "management_openness", ["swap_days", "public_phone"])
    db.session.add(
        Annulment(
            region_id=world.r52.id,
            office=world.office52,
            period_id=found.id,
            action=AnnulmentAction.annul,
            reason="фото не соответствуют действительности",
        )
    )
    db.session.flush()
    office = index.office_index(world.office52, found)
    assert office.annulled and office.total == 0
    counted = [r for r in office.results if r.score.score is not None]
    assert counted and all(r.score.score == 0 for r in counted)
    assert office.result("management_openness").score == Score(0.0, 2)


# --- the seed's comparison table (§2.3, L1059–1080) from office checklists ----------------------


def mean(values):
    return sum(values) / len(values)


def test_comparison_table_averages_from_hits_per_office(m):
    """The «Среднее» column as the plain mean over the participating offices (digest §9)."""

    def spread(key, hits_per_office):
        every = codes(m, key)
        return mean([points(m, key, every[:hits]) for hits in hits_per_office])

    # 1.1 open management: 8 offices, 14 parameters in all → 2.8 / 8 = 0.35 (L781–785)
    assert sum([5, 3, 2, 1, 1, 1, 1, 0]) == 14
    assert spread("management_openness", [5, 3, 2, 1, 1, 1, 1, 0]) == pytest.approx(0.35)
    # 4.3 appearance: 12 offices, 54 hits → 10.8 / 12 = 0.9 (L1049–1053)
    assert spread("staff_appearance", [5] * 6 + [4] * 6) == pytest.approx(0.9)
    # 3.1.1 information in the office: 11 offices, 44 hits → 0.4 of 0.5 (L863)
    assert spread("info_office", [4] * 11) == pytest.approx(0.4)
    # 3.5 multichannel: 8 offices, 48 channels → 0.6 (L960–964)
    assert spread("multichannel", [10, 8, 7, 6, 6, 5, 4, 2]) == pytest.approx(0.6)
    # 3.3 pre-booking: 5 offices, 12 channels → 3.0 / 5 = 0.6 (L984–988)
    assert spread("prebooking", [4, 3, 2, 2, 1]) == pytest.approx(0.6)
    # 4.2 transport: 8 offices, 0.5 steps → 11 parameters = 5.5 / 8 = 0.6875 ≈ 0.7 (L1027–1031)
    assert round(spread("transport", [2, 2, 2, 2, 1, 1, 1, 0]), 1) == 0.7


def test_comparison_table_quick_response_is_not_attainable_with_yes_no(m):
    """3.2: 7 offices at 0 or 1 give 5/7 or 6/7, never the table's 0.8 (digest §9)."""
    results = [points(m, "quick_response", ["statistics"])] * 6 + [points(m, "quick_response", [])]
    assert round(mean(results), 3) == 0.857


def test_comparison_table_comfort_events_and_vacancies(m):
    l3, l2, l1 = codes(m, "comfort", 3), codes(m, "comfort", 2), codes(m, "comfort", 1)
    levels = {3: l3, 2: l3 + l2, 1: l3 + l2 + l1, 0: []}
    # 4.1 comfort: 11 offices, «most received the top score» (L1021): 7 at level 1, one at
    # level 2, three below level 3 → 15.5 / 11 = 1.409 ≈ 1.4 (exactly 1.4 is impossible)
    offices = [1] * 7 + [2] + [0] * 3
    comfort = mean([points(m, "comfort", levels[level]) for level in offices])
    assert round(comfort, 3) == 1.409 and round(comfort, 1) == 1.4
    # 2.3 events: 10 offices, 108 event types in all → 10.8 / 10 = 1.08 (L828)
    listed = codes(m, "jobseeker_events")
    counts = [20, 20, 15, 12, 10, 10, 8, 5, 4, 4]
    assert sum(counts) == 108
    events = [
        points(
            m,
            "jobseeker_events",
            listed[: min(n, 9)],
            {"other_events": [f"e{k}" for k in range(n - 9)]},
        )
        for n in counts
    ]
    assert mean(events) == pytest.approx(1.08)
    # 2.1 vacancy dynamics: 7 offices → 3.15 / 7 = 0.45 (L801–805)
    pairs = [(120, 100), (130, 100), (110, 100), (100, 100), (90, 100), (150, 100), (295, 200)]
    dynamics = [points(m, "vacancy_dynamics", [], {"current": c, "previous": p}) for c, p in pairs]
    assert mean(dynamics) == pytest.approx(0.45)


def test_comparison_table_open_management_through_the_index_of_five_regions(world):
    """1.1 open management as a board computes it: the region index of the five regions that
    chose it (Владимирская 2, Красноярский край 1, Псковская 1, Челябинская 2, Ярославская 2:
    8 offices, L289–305), each office's checklist, no answers (the objective part only)."""
    hits = iter([5, 3, 2, 1, 1, 1, 1, 0])
    regions = {
        "Владимирская": 2,
        "Красноярский край": 1,
        "Псковская": 1,
        "Челябинская": 2,
        "Ярославская": 2,
    }
    found = []
    parameters = [
        "swap_days",
        "open_reception_days",
        "public_events",
        "public_email",
        "public_phone",
    ]
    for name, n in regions.items():
        region = factories.RegionFactory(name=name)
        offices = [factories.OfficeFactory(region=region) for _ in range(n)]
        chosen = period(region, ["management_openness"])
        for office in offices:
            fill(office, chosen, "management_openness", parameters[: next(hits)])
        found.append(chosen)
    db.session.commit()
    boards = index.compute(found)
    scores = [o.result("management_openness").score for board in boards for o in board.offices]
    assert len(scores) == 8 and all(s.max == 1 for s in scores)
    assert mean([s.score for s in scores]) == pytest.approx(0.35)
    assert max(s.max for s in scores) == 1  # the table's «maximum possible», not the best
