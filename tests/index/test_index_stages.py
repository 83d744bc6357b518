"""The customer-centricity index on every journey stage (issue #16): a stage's index topic
(set, or guessed from its title), the values of the topic's indicators for the pilot's offices
on the journey map and in the API, in a fixed number of queries, and an index period turned
into a measurement of the stage, so that a solution's effect is read from index numbers."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, AnnulmentAction
from cxflow.index.services import periods
from cxflow.journeys.models import Journey, JourneyStage, Measurement
from cxflow.journeys.services import index_values, stages
from cxflow.users.models import User
from tests import factories
from tests.helpers import create_solution, error_fields, page_html, page_text, solution_event
from tests.index import scores_data

SEPTEMBER = (dt.date(2026, 9, 7), dt.date(2026, 9, 18))
NOVEMBER = (dt.date(2026, 11, 2), dt.date(2026, 11, 13))


def respond(office, n, day=SEPTEMBER[0], respondent="seeker", **overrides):
    scores_data.respond(office, n, day, respondent, **overrides)


@pytest.fixture
def journey(world, pilot, profile):
    """The journey of the pilot of region 52 with four stages: information and consultation
    (guessed from the titles), one set to booking, one no title names a topic."""
    pilot.offices = [world.office52]
    journey = factories.JourneyFactory(pilot=pilot, profile_id=profile.id)
    for position, (title, topic) in enumerate(
        (
            ("Поиск информации", ""),
            ("Консультация специалиста", ""),
            ("Решение о выборе", "booking"),
            ("Взаимодействие с работодателем", ""),
        ),
        1,
    ):
        factories.StageFactory(journey=journey, position=position, title=title, index_topic=topic)
    db.session.commit()
    return journey


def _stage(journey, position) -> JourneyStage:
    return db.session.scalar(
        sa.select(JourneyStage).where(
            JourneyStage.journey_id == journey.id, JourneyStage.position == position
        )
    )


@pytest.fixture
def september(world):
    period = periods.open_period(world.r52, *SEPTEMBER)
    db.session.commit()
    return period


# --- topics -----------------------------------------------------------------------------------


def test_a_stage_topic_is_set_or_guessed_from_the_title(journey):
    found = {s.position: stages.effective_topic(s) for s in journey.stages}
    assert (found[1][0].key, found[1][1]) == ("information", True)
    assert (found[2][0].key, found[2][1]) == ("consultation", True)
    assert (found[3][0].key, found[3][1]) == ("booking", False)  # set: «выбор» would be channels
    assert found[4] == (None, True)


def test_the_api_sets_a_topic_and_refuses_an_unknown_one(world, api, journey):
    api.as_(world.working_group_member)
    stage = _stage(journey, 4)
    url = f"/api/v1/journey-stages/{stage.id}"
    bad = api.patch(url, json={"index_topic": "weather", "version": stage.version})
    assert set(error_fields(bad)) == {"index_topic"}
    assert db.session.get(JourneyStage, stage.id).index_topic == ""  # nothing saved
    saved = api.patch(url, json={"index_topic": "consultation", "version": stage.version})
    assert saved.status_code == 200, saved.json
    assert saved.json["index_topic"] == "consultation"
    assert saved.json["topic"] == {
        "key": "consultation",
        "title": "Консультация и оказание услуг",
        "guessed": False,
    }
    cleared = api.patch(url, json={"index_topic": "", "version": saved.json["version"]})
    assert cleared.json["topic"] is None
    created = api.post(
        f"/api/v1/journeys/{journey.id}/stages",
        json={"title": "Дорога до ЦЗН", "index_topic": "nowhere"},
    )
    assert set(error_fields(created)) == {"index_topic"}
    guessed = api.post(f"/api/v1/journeys/{journey.id}/stages", json={"title": "Дорога до ЦЗН"})
    assert guessed.json["topic"] == {"key": "arrival", "title": "Дорога до ЦЗН", "guessed": True}


def test_the_stage_form_offers_the_topics_and_shows_the_effective_one(world, client, auth, journey):
    auth.login(world.working_group_member, language="en")
    stage = _stage(journey, 1)
    page = page_html(client, f"/journey-stages/{stage.id}/edit")
    assert "Index topic" in page and "— guess from the title —" in page
    assert '<option value="booking">Запись на прием</option>' in page
    assert "Now: «Поиск информации», guessed from the title." in page
    data = {
        "title": stage.title,
        "kind": "regular",
        "index_topic": "channels",
        "version": stage.version,
    }
    response = client.post(f"/journey-stages/{stage.id}/edit", data=data)
    assert response.status_code == 302
    assert db.session.get(JourneyStage, stage.id).index_topic == "channels"
    refused = client.post(
        f"/journey-stages/{stage.id}/edit",
        data=data | {"index_topic": "weather", "version": stage.version + 1},
    )
    assert refused.status_code == 422


# --- values on the stages ---------------------------------------------------------------------


def test_values_on_the_stages_for_the_pilots_offices(world, journey, september):
    elsewhere = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")  # not the pilot's
    respond(world.office52, 12, q15={"office": 9}, q10=10)
    respond(world.office52, 3, q15={"office": 5}, q10=None)
    respond(elsewhere, 10, q15={"office": 1}, q10=1)
    board = index_values.journey_index(world.regional_coordinator, journey)
    assert board.period == september and board.from_pilot
    assert [o.name for o in board.offices] == ["ЦЗН Нижнего Новгорода"]

    information = board.stage(_stage(journey, 1).id)
    assert [v.key for v in information.values] == [
        "info_office",
        "info_website",
        "info_social",
        "info_contact_center",
    ]
    office = information.value("info_office")
    assert (office.share.positive, office.share.responses, office.percent) == (12, 15, 80.0)
    assert (office.score.score, office.score.max) == (0.8, 1)  # no checklist: survey part only
    assert office.recordable and office.period == september
    contact = information.value("info_contact_center")
    assert not contact.measured and contact.responses == 0 and contact.score.score is None

    consultation = board.stage(_stage(journey, 2).id).value("professional_competence")
    assert (consultation.share.positive, consultation.share.responses) == (12, 12)
    booking = board.stage(_stage(journey, 3).id)
    assert [v.key for v in booking.values] == ["prebooking"]
    nothing = board.stage(_stage(journey, 4).id)
    assert nothing.topic is None and nothing.values == []


def test_shares_pool_over_the_offices_and_scores_are_their_mean(world, journey, september):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Арзамаса")
    journey.pilot.offices = [world.office52, second]
    respond(world.office52, 10, q10=9)  # 10 of 10
    respond(second, 5, q10=9)
    respond(second, 5, q10=3)  # 5 of 10
    respond(second, 4, q10=None)  # blank answers are left out
    db.session.commit()
    value = index_values.journey_index(world.regional_coordinator, journey).stage(
        _stage(journey, 2).id
    )
    competence = value.value("professional_competence")
    assert (competence.share.positive, competence.share.responses) == (15, 20)
    assert competence.percent == 75.0
    assert (competence.score.score, competence.score.max, competence.offices_scored) == (
        0.75,
        1,
        2,
    )


def test_an_indicator_of_the_managing_office_shows_the_regions_value(world, journey, september):
    managing = factories.OfficeFactory(region=world.r52, name="Аппарат управления")
    managing.is_managing_office = True
    other = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    respond(world.office52, 6, q15={"website": 9})
    respond(other, 6, q15={"website": 2})
    db.session.commit()
    board = index_values.journey_index(world.regional_coordinator, journey)
    website = board.stage(_stage(journey, 1).id).value("info_website")
    assert website.regional
    assert (website.share.positive, website.share.responses) == (6, 12)  # every office's
    office = board.stage(_stage(journey, 1).id).value("info_office")
    assert not office.regional and office.responses == 0


def test_a_pilot_without_offices_shows_the_regions(world, journey, september):
    journey.pilot.offices = []
    other = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    respond(world.office52, 5, q10=9)
    respond(other, 5, q10=9)
    db.session.commit()
    board = index_values.journey_index(world.regional_coordinator, journey)
    assert not board.from_pilot and len(board.offices) == 2
    value = board.stage(_stage(journey, 2).id).value("professional_competence")
    assert value.share.responses == 10 and not value.share.too_few
    assert value.score.score is None  # each office alone has too few answers to be scored


def test_suspended_and_annulled(world, journey, september):
    respond(world.office52, 10, q10=9, q11=9)
    periods.suspend(september, "communication_competence", "пилот", world.admin)
    db.session.add(
        Annulment(
            region_id=world.r52.id,
            office=world.office52,
            period_id=september.id,
            action=AnnulmentAction.annul,
            reason="фото не соответствуют действительности",
        )
    )
    db.session.commit()
    row = index_values.journey_index(world.regional_coordinator, journey).stage(
        _stage(journey, 2).id
    )
    suspended = row.value("communication_competence")
    assert suspended.suspended and not suspended.measured and not suspended.recordable
    annulled = row.value("professional_competence")
    assert annulled.annulled == (world.office52,) and annulled.score.score == 0
    assert annulled.share.responses == 10  # the answers stay what they were


def test_no_period_no_values(world, journey):
    board = index_values.journey_index(world.regional_coordinator, journey)
    assert board.period is None and board.periods == []
    assert all(row.values == [] for row in board.stages)


# --- the journey map --------------------------------------------------------------------------


def test_the_map_shows_the_index_at_each_stage(world, client, auth, journey, september):
    respond(world.office52, 12, q15={"office": 9}, q10=9)
    respond(world.office52, 7, q13={"used": True, "score": 9})  # q13: 7 answers only
    db.session.commit()
    auth.login(world.regional_coordinator)  # Russian
    html = page_html(client, f"/journeys/{journey.id}")
    text = page_text(html)
    assert "Индекс клиентоцентричности" in text and "07.09.2026–18.09.2026" in text
    cells = {
        stage.position: page_text(
            re.search(rf'id="map-index-{stage.id}">(.*?)</td>', html, re.S).group(1)
        )
        for stage in journey.stages
    }
    assert "Поиск информации (угадана по названию)" in cells[1]
    assert "100 % положительных, n = 12" in cells[1]
    assert "не измерялся" in cells[1]  # the contact centre: nothing, not 0
    assert "мало ответов (n = 7)" in cells[3]
    assert "тема индекса не задана" in cells[4]
    # the coordinator may record what has enough answers: info_office and the seven
    # consultation indicators (19 answers each); prebooking says why not
    assert text.count("Записать как замер этапа") == 8
    assert "Мало ответов (n = 7, нужно не меньше 10)." in text


def test_the_map_keeps_its_queries_as_stages_grow(world, client, auth, journey, query_counts):
    periods.open_period(world.r52, *SEPTEMBER)
    respond(world.office52, 12, q10=9)
    db.session.commit()
    auth.login(world.regional_coordinator)
    token = client.post(
        "/api/v1/auth/token",
        json={"email": world.regional_coordinator.email, "password": factories.PASSWORD},
    ).json["token"]
    journey_id = journey.id
    titles = ["Поиск информации", "Консультация", "Оценка работы ЦЗН", "Запись на прием"]
    positions = iter(range(100, 200))

    def grow(n):
        """n more stages (of every topic) and n more offices of the pilot, with answers; the
        test's session is closed after, as between two requests."""
        grown = db.session.get(Journey, journey_id)
        for i in range(n):
            factories.StageFactory(journey=grown, position=next(positions), title=titles[i % 4])
            office = factories.OfficeFactory(region=grown.pilot.region, name=f"ЦЗН {n}-{i}")
            grown.pilot.offices.append(office)
            respond(office, 3, q10=9, q15={"office": 9})
        db.session.commit()
        db.session.close()

    def get(url):
        """Each request on a session of its own, as in production (the test client shares
        the test's one, so what an earlier request loaded would be counted or not by chance)."""
        db.session.close()
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        return client.get(url, headers=headers)

    urls = [
        f"/journeys/{journey_id}",
        f"/api/v1/journeys/{journey_id}/index",
        f"/api/v1/journeys/{journey_id}",
    ]
    few, many = query_counts(get, urls, grow)
    assert few == many


def test_a_period_of_another_region_is_not_found(world, client, auth, journey, september):
    other = periods.open_period(world.r74, *SEPTEMBER)
    db.session.commit()
    auth.login(world.regional_coordinator)
    assert client.get(f"/journeys/{journey.id}?period_id={other.id}").status_code == 404
    assert client.get(f"/journeys/{journey.id}?period_id={september.id}").status_code == 200


# --- the API ----------------------------------------------------------------------------------


def test_the_journey_index_api(world, api, journey, september):
    november = periods.open_period(world.r52, *NOVEMBER)
    respond(world.office52, 11, q10=9)
    respond(world.office52, 10, day=NOVEMBER[0], q10=3)
    db.session.commit()
    api.as_(world.manager)
    latest = api.get(f"/api/v1/journeys/{journey.id}/index")
    assert latest.status_code == 200, latest.json
    assert latest.json["period"]["id"] == november.id
    assert [p["id"] for p in latest.json["periods"]] == [november.id, september.id]
    assert latest.json["offices_from"] == "pilot"
    chosen = api.get(f"/api/v1/journeys/{journey.id}/index?period_id={september.id}").json
    stage = next(s for s in chosen["stages"] if s["position"] == 2)
    assert stage["topic"] == {
        "key": "consultation",
        "title": "Консультация и оказание услуг",
        "guessed": True,
    }
    competence = next(v for v in stage["index"] if v["key"] == "professional_competence")
    assert competence["positive_share"] == 1 and competence["responses"] == 11
    assert competence["too_few"] is False and competence["score"] == 1 and competence["max"] == 1
    assert competence["period"]["from"] == "2026-09-07"
    kinds = next(v for v in stage["index"] if v["key"] == "communication_competence")
    assert kinds["positive_share"] == 0 and kinds["score"] == 0  # measured 0, not missing
    other = periods.open_period(world.r74, *SEPTEMBER)
    db.session.commit()
    bad = api.get(f"/api/v1/journeys/{journey.id}/index?period_id={other.id}")
    assert set(error_fields(bad)) == {"period_id"}
    assert api.as_(world.coordinator74).get(f"/api/v1/journeys/{journey.id}/index").status_code == (
        404
    )
    detail = api.as_(world.manager).get(f"/api/v1/journeys/{journey.id}").json
    first = next(s for s in detail["stages"] if s["position"] == 1)
    assert [v["key"] for v in first["index"]] == [
        "info_office",
        "info_website",
        "info_social",
        "info_contact_center",
    ]
    assert first["index"][0]["period"]["id"] == november.id


def test_an_index_period_becomes_a_measurement_of_the_stage(world, api, journey, september):
    respond(world.office52, 20, q10=9)
    respond(world.office52, 7, q10=4)
    respond(world.office52, 7, q10=None, q13={"used": True, "score": 10})
    db.session.commit()
    stage = _stage(journey, 2)
    url = f"/api/v1/journey-stages/{stage.id}/index-measurements"
    body = {"period_id": september.id, "indicator_key": "professional_competence"}
    assert api.as_(world.manager).post(url, json=body).status_code == 403
    created = api.as_(world.working_group_member).post(url, json=body)
    assert created.status_code == 201, created.json
    m = created.json
    assert (m["method"], m["metric"], m["value"], m["sample_size"]) == (
        "questionnaire",
        "share_satisfied",
        74.1,  # 20 of 27
        27,
    )
    assert (m["period_start"], m["period_end"]) == ("2026-09-07", "2026-09-18")
    assert m["note"] == (
        "Индекс клиентоцентричности: Уровень профессиональных компетенций сотрудников, "
        "период 07.09.2026–18.09.2026, версия методики 1"
    )
    assert m["formula"] == (
        "Показатель индекса professional_competence: доля ответов 8–10 среди данных ответов "
        "на q10; ЦЗН: 1"
    )
    again = api.post(url, json=body)
    assert set(error_fields(again)) == {"indicator_key"}
    off_topic = api.post(url, json=body | {"indicator_key": "prebooking"})
    assert set(error_fields(off_topic)) == {"indicator_key"}
    booking = f"/api/v1/journey-stages/{_stage(journey, 3).id}/index-measurements"
    few = api.post(booking, json=body | {"indicator_key": "prebooking"})
    assert "n = 7" in error_fields(few)["indicator_key"][0]
    other = periods.open_period(world.r74, *SEPTEMBER)
    db.session.commit()
    foreign = api.post(url, json={"period_id": other.id, "indicator_key": "usefulness"})
    assert set(error_fields(foreign)) == {"period_id"}
    assert set(error_fields(api.post(url, json={"indicator_key": "usefulness"}))) == {"period_id"}
    assert db.session.scalar(sa.select(sa.func.count(Measurement.id))) == 1


def test_a_channel_indicator_has_no_share_to_record(world, api, journey, september):
    stage = _stage(journey, 4)
    stage.index_topic = "channels"
    respond(world.office52, 12)
    db.session.commit()
    refused = api.as_(world.regional_coordinator).post(
        f"/api/v1/journey-stages/{stage.id}/index-measurements",
        json={"period_id": september.id, "indicator_key": "multichannel"},
    )
    assert error_fields(refused)["indicator_key"] == [
        "У показателя нет части из анкет: записывать нечего."
    ]


def test_the_map_records_a_measurement_by_its_button(world, client, auth, journey, september):
    respond(world.office52, 12, q10=9)
    db.session.commit()
    auth.login(world.regional_coordinator, language="en")
    stage = _stage(journey, 2)
    url = f"/journey-stages/{stage.id}/index-measurements"
    response = client.post(
        url, data={"period_id": september.id, "indicator_key": "professional_competence"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/journeys/{journey.id}?period_id={september.id}#stage-{stage.id}"
    )
    measurement = db.session.scalar(sa.select(Measurement))
    assert (measurement.value, measurement.sample_size) == (100.0, 12)
    page = page_text(page_html(client, f"/journeys/{journey.id}"))
    assert "The index value is recorded as a measurement of the stage." in page
    assert "recorded" in page
    refused = client.post(url, data={"period_id": september.id, "indicator_key": "usefulness"})
    assert refused.status_code == 302
    page = page_text(page_html(client, f"/journeys/{journey.id}"))
    assert "The indicator usefulness is not on this stage" in page
    auth.logout()
    auth.login(world.manager)
    assert "Записать как замер этапа" not in page_html(client, f"/journeys/{journey.id}")
    assert (
        client.post(
            url, data={"period_id": september.id, "indicator_key": "professional_competence"}
        ).status_code
        == 403
    )


# --- before and after: a solution's effect from two index periods ------------------------------


def test_a_solutions_effect_is_read_from_two_index_periods(world, api, journey, september):
    november = periods.open_period(world.r52, *NOVEMBER)
    respond(world.office52, 12, q10=9)  # September: 12 of 20 positive
    respond(world.office52, 8, q10=4)
    respond(world.office52, 18, day=NOVEMBER[0], q10=10)  # November: 18 of 20
    respond(world.office52, 2, day=NOVEMBER[0], q10=6)
    db.session.commit()
    api.as_(world.regional_coordinator)
    stage = _stage(journey, 2)
    url = f"/api/v1/journey-stages/{stage.id}/index-measurements"
    before = api.post(
        url, json={"period_id": september.id, "indicator_key": "professional_competence"}
    )
    after = api.post(
        url, json={"period_id": november.id, "indicator_key": "professional_competence"}
    )
    assert (before.json["value"], after.json["value"]) == (60.0, 90.0)

    solution = create_solution(api, journey.pilot, stage)
    done = solution_event(api, solution["id"], "complete", done_on="2026-10-15")
    assert done.status_code == 200, done.json
    linked = api.put(
        f"/api/v1/solutions/{solution['id']}/effect",
        json={
            "version": done.json["version"],
            "before_measurement_id": before.json["id"],
            "after_measurement_id": after.json["id"],
        },
    )
    assert linked.status_code == 200, linked.json
    effect = linked.json["effect"]
    assert effect["verdict"] == "improved" and linked.json["effective"] is True
    assert effect["change"] == pytest.approx(0.3)
    assert effect["before"]["sample_size"] == 20 and effect["after"]["sample_size"] == 20


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_map_of_region_52_has_topics_and_shows_the_index(app, client):
    from cxflow.core.clock import region_today
    from cxflow.pilots.models import Pilot

    app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    pilot = db.session.scalar(
        sa.select(Pilot).where(Pilot.title == "Путь клиента: граждане с инвалидностью")
    )
    journey = db.session.scalar(sa.select(Journey).where(Journey.pilot_id == pilot.id))
    topics = {s.title: stages.effective_topic(s) for s in journey.stages}
    assert {title: (t.key if t else None, guessed) for title, (t, guessed) in topics.items()} == {
        "Поиск информации": ("information", True),
        "Решение о выборе": ("booking", False),
        "Подача заявления в ЦЗН": ("visit", False),
        "Прохождение тестирования и тренинга": ("consultation", True),
        "Взаимодействие с работодателем": (None, True),  # the index measures no employer
        "Получение результата": ("result", True),
        "Оценка работы ЦЗН": ("feedback", True),
    }
    # the demo answers cover the last four weeks; a period over them fills the map
    today = region_today(pilot.region.timezone)
    periods.open_period(pilot.region, today - dt.timedelta(days=27), today)
    db.session.commit()
    coordinator = db.session.scalar(sa.select(User).where(User.email == "coordinator@cxflow.local"))
    board = index_values.journey_index(coordinator, journey)
    result = next(row for row in board.stages if row.stage.title == "Получение результата")
    usefulness = result.value("usefulness")
    assert usefulness.responses >= 100 and not usefulness.share.too_few
    assert usefulness.score.score is not None
