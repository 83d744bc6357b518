"""Journey pages: the pilot's journeys, the map as lanes, the forms for stages, touchpoints,
pain points and measurements; scoping, permissions and the number of queries."""

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from cxflow.clients.models import ClientProfile
from cxflow.core.extensions import db
from cxflow.journeys.models import Journey, JourneyStage, Measurement, PainPoint, Touchpoint
from cxflow.pilots.models import Pilot
from tests import factories


@pytest.fixture
def member(world, auth):
    auth.login(world.working_group_member, language="en")  # the assertions read English
    return world.working_group_member


def _journey(pilot, profile, stages=()) -> Journey:
    journey = factories.JourneyFactory(pilot=pilot, profile_id=profile.id)
    for position, data in enumerate(stages, 1):
        factories.StageFactory(journey=journey, position=position, **data)
    db.session.commit()
    return journey


def _stage(journey, position) -> JourneyStage:
    return db.session.scalar(
        sa.select(JourneyStage).where(
            JourneyStage.journey_id == journey.id, JourneyStage.position == position
        )
    )


def _titles(journey_id) -> list[tuple[int, str]]:
    stages = db.session.scalars(
        sa.select(JourneyStage)
        .where(JourneyStage.journey_id == journey_id)
        .order_by(JourneyStage.position)
    )
    return [(s.position, s.title) for s in stages]


def _field_error(page: str, field: str) -> bool:
    return f'id="{field}-error"' in page and f'id="{field}" ' in page


# --- the list of journeys ---------------------------------------------------------------------


def test_journeys_list_and_new_journey(world, client, member, pilot, profile):
    journey = _journey(pilot, profile, [{"title": "Поиск информации"}, {"title": "Решение"}])
    factories.PainPointFactory(stage=_stage(journey, 1))
    factories.PainPointFactory(stage=_stage(journey, 2))
    db.session.commit()
    page = client.get(f"/pilots/{pilot.id}/journeys")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Путь клиента с инвалидностью" in html and "Инвалид 50+" in html
    row = re.search(r"<tr>\s*<td><a[^>]*>Путь клиента с инвалидностью.*?</tr>", html, re.S)
    assert [int(n) for n in re.findall(r'text-end">(\d+)<', row.group(0))] == [2, 2]
    assert '<label class="form-label" for="title">' in html and "<caption>" in html

    no_service = client.post(
        f"/pilots/{pilot.id}/journeys",
        data={"title": "Путь работодателя", "profile_id": profile.id, "service": ""},
    )
    assert no_service.status_code == 422
    assert _field_error(no_service.get_data(as_text=True), "service")
    created = client.post(
        f"/pilots/{pilot.id}/journeys",
        data={
            "title": "Путь выпускника",
            "profile_id": profile.id,
            "service": "Содействие в поиске подходящей работы",
            "trigger": "Выпускник осознал необходимость найти работу",
            "stage_titles": "Поиск информации\n\n  Подача заявления \nТрудоустройство",
        },
    )
    assert created.status_code == 302
    new = db.session.scalar(sa.select(Journey).where(Journey.title == "Путь выпускника"))
    assert created.headers["Location"].endswith(f"/journeys/{new.id}")
    assert _titles(new.id) == [
        (1, "Поиск информации"),
        (2, "Подача заявления"),
        (3, "Трудоустройство"),
    ]
    assert new.region_id == world.r52.id and new.pilot_id == pilot.id


def test_stage_lines_errors_name_the_line(world, client, member, pilot, profile):
    form = client.get(f"/pilots/{pilot.id}/journeys").get_data(as_text=True)
    assert f'<option selected value="{profile.id}">' in form  # the only profile is chosen
    response = client.post(
        f"/pilots/{pilot.id}/journeys",
        data={
            "title": "Путь",
            "profile_id": profile.id,
            "service": "Услуга",
            "stage_titles": "Поиск информации\n" + "Я" * 301,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and _field_error(html, "stage_titles")
    assert "Line 2: At most 300 characters." in html
    assert db.session.scalar(sa.select(sa.func.count(Journey.id))) == 0


def test_a_profile_of_another_pilot_is_refused(world, client, member, pilot, profile):
    other = factories.ProfileFactory(pilot=factories.PilotFactory(region=world.r52))
    db.session.commit()
    response = client.post(
        f"/pilots/{pilot.id}/journeys",
        data={"title": "Путь", "profile_id": other.id, "service": "Услуга"},
    )
    assert response.status_code == 422
    assert _field_error(response.get_data(as_text=True), "profile_id")
    assert db.session.scalar(sa.select(sa.func.count(Journey.id))) == 0


# --- the map ----------------------------------------------------------------------------------


def _mapped(pilot, profile) -> Journey:
    """Seed 001 §2.7 features: a conditional stage, a loop, external responsible parties."""
    journey = _journey(
        pilot,
        profile,
        [
            {
                "title": "Поиск информации",
                "client_goal": "Узнать об услугах ЦЗН",
                "client_thoughts": "Где найти информацию?\nКуда звонить?",
                "office_goal": "Проинформировать клиента",
                "barriers": "Неудобный сайт",
                "responsible_internal": "Отдел ИТ",
                "responsible_external": "НКО «Новые возможности»",
            },
            {
                "title": "Тренинг «Пазлы жизни»",
                "kind": "conditional",
                "condition": "если не удалось п.4",
            },
            {
                "title": "Учёт в ЦЗН",
                "kind": "loop",
                "condition": "остается на учете, если не трудоустроился → к этапу 1",
            },
        ],
    )
    first = _stage(journey, 1)
    site = factories.TouchpointFactory(stage=first, title="Сайт ЦЗН", channel="site")
    factories.PainPointFactory(stage=first, touchpoint=site, description="Сайт неудобен")
    factories.MeasurementFactory(
        stage=first, metric="mean_score", value=2.6, scale_min=1, scale_max=3, sample_size=45
    )
    factories.MeasurementFactory(
        stage=_stage(journey, 2), metric="share_satisfied", value=40, sample_size=12
    )
    db.session.commit()
    return journey


def test_the_map_shows_lanes_bands_and_n(world, client, member, pilot, profile):
    journey = _mapped(pilot, profile)
    page = client.get(f"/journeys/{journey.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'class="table-responsive journey-map-scroll"' in html and "<caption" in html
    for lane in (
        "Client goal",
        "Client thoughts",
        "Office goal",
        "Touchpoints",
        "Barriers",
        "Pain points",
        "Responsible",
        "Latest measurement",
    ):
        assert f'<th scope="row" class="journey-lane">{lane}</th>' in html, lane
    headers = re.findall(
        r'<th scope="col" class="journey-stage (journey-band-\w+)".*?</th>', html, re.S
    )
    assert headers == ["journey-band-high", "journey-band-low", "journey-band-none"]
    heads = re.findall(r'<th scope="col" class="journey-stage.*?</th>', html, re.S)
    assert "1. Поиск информации" in heads[0] and ">high</span>" in heads[0]
    assert "conditional: если не удалось п.4" in heads[1] and ">low</span>" in heads[1]
    assert "loop, repeats: остается на учете" in heads[2] and ">not measured</span>" in heads[2]
    assert "2.6 on 1–3, n = 45" in html and "40%, n = 12" in html
    assert "01.09.2026–30.09.2026" in html and "questionnaire" in html
    assert 'Сайт ЦЗН <span class="text-body-secondary">(website)</span>' in html
    assert re.search(r"НКО «Новые возможности» <span[^>]*>external</span>", html)
    assert "<li>Куда звонить?</li>" in html
    # every edit and delete button has its own accessible name
    names = re.findall(r">(Edit|Delete)<span class=\"visually-hidden\"> ([^<]+)</span>", html)
    assert len(names) == len(set(names)) >= 8


def test_a_manager_sees_the_map_but_no_forms(world, client, auth, pilot, profile):
    journey = _mapped(pilot, profile)
    stage = _stage(journey, 1)
    auth.login(world.manager)
    page = client.get(f"/journeys/{journey.id}")
    assert page.status_code == 200 and "n = 45" in page.get_data(as_text=True)
    assert "/edit" not in page.get_data(as_text=True)
    assert "New journey" not in client.get(f"/pilots/{pilot.id}/journeys").get_data(as_text=True)
    forbidden = [
        client.get(f"/journeys/{journey.id}/edit"),
        client.post(f"/pilots/{pilot.id}/journeys", data={"title": "x"}),
        client.get(f"/journeys/{journey.id}/stages/new"),
        client.post(f"/journeys/{journey.id}/stages/new", data={"title": "x"}),
        client.get(f"/journey-stages/{stage.id}/edit"),
        client.post(f"/journey-stages/{stage.id}/move", data={"direction": "down"}),
        client.post(f"/journey-stages/{stage.id}/delete"),
        client.get(f"/journey-stages/{stage.id}/measurements/new"),
        client.get(f"/journey-stages/{stage.id}/touchpoints/new"),
        client.get(f"/journey-stages/{stage.id}/pain-points/new"),
        client.post(f"/journeys/{journey.id}/delete"),
    ]
    assert [r.status_code for r in forbidden] == [403] * len(forbidden)
    assert db.session.scalar(sa.select(sa.func.count(JourneyStage.id))) == 3


def test_another_region_is_not_found(world, client, auth, pilot, profile):
    journey = _mapped(pilot, profile)
    stage = _stage(journey, 1)
    measurement = stage.measurements[0]
    auth.login(world.coordinator74)
    for url in (
        f"/pilots/{pilot.id}/journeys",
        f"/journeys/{journey.id}",
        f"/journeys/{journey.id}/edit",
        f"/journey-stages/{stage.id}/edit",
        f"/journey-stages/{stage.id}/measurements/new",
        f"/measurements/{measurement.id}/edit",
        f"/touchpoints/{stage.touchpoints[0].id}/edit",
        f"/pain-points/{stage.pain_points[0].id}/edit",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/journey-stages/{stage.id}/delete").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(JourneyStage.id))) == 3


# --- stages -----------------------------------------------------------------------------------


def test_stage_forms_move_and_delete(world, client, member, pilot, profile):
    journey = _journey(pilot, profile, [{"title": "А"}, {"title": "Б"}])
    jid = journey.id
    url = f"/journeys/{jid}/stages/new"
    assert 'for="condition"' in client.get(url).get_data(as_text=True)
    no_condition = client.post(url, data={"title": "В", "kind": "conditional"})
    assert no_condition.status_code == 422
    assert _field_error(no_condition.get_data(as_text=True), "condition")
    added = client.post(
        url,
        data={
            "title": "В",
            "kind": "loop",
            "condition": "пока не трудоустроился",
            "barriers": "Очередь\nНет парковки",
            "responsible_external": "ФСИН",
        },
    )
    assert added.status_code == 302
    assert _titles(jid) == [(1, "А"), (2, "Б"), (3, "В")]
    third = _stage(journey, 3)
    assert third.barriers == "Очередь\nНет парковки" and third.kind == "loop"

    edit_url = f"/journey-stages/{third.id}/edit"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'name="version"' in form and "пока не трудоустроился" in form
    saved = client.post(
        edit_url,
        data={
            "title": "В′",
            "kind": "loop",
            "condition": "пока не трудоустроился",
            "version": third.version,
        },
    )
    assert saved.status_code == 302
    stale = client.post(edit_url, data={"title": "В″", "kind": "regular", "version": 1})
    assert stale.status_code == 422 and "changed by someone else" in stale.get_data(as_text=True)

    assert (
        client.post(f"/journey-stages/{third.id}/move", data={"direction": "up"}).status_code == 302
    )
    assert _titles(jid) == [(1, "А"), (2, "В′"), (3, "Б")]
    first = _stage(journey, 1)
    client.post(f"/journey-stages/{first.id}/move", data={"direction": "up"})  # stays first
    assert _titles(jid) == [(1, "А"), (2, "В′"), (3, "Б")]
    assert client.post(f"/journey-stages/{first.id}/delete").status_code == 302
    assert _titles(jid) == [(1, "В′"), (2, "Б")]


def test_journey_edit_and_delete(world, client, member, pilot, profile):
    journey = _journey(pilot, profile, [{"title": "А"}])
    url = f"/journeys/{journey.id}/edit"
    assert client.get(url).status_code == 200
    empty = client.post(
        url, data={"title": "", "profile_id": profile.id, "service": "У", "version": 1}
    )
    assert empty.status_code == 422
    saved = client.post(
        url,
        data={
            "title": "Новый путь",
            "profile_id": profile.id,
            "service": "Услуга",
            "trigger": "Осознал",
            "version": 1,
        },
    )
    assert saved.status_code == 302
    assert db.session.get(Journey, journey.id).title == "Новый путь"
    deleted = client.post(f"/journeys/{journey.id}/delete")
    assert deleted.headers["Location"].endswith(f"/pilots/{pilot.id}/journeys")
    assert db.session.scalar(sa.select(sa.func.count(JourneyStage.id))) == 0


# --- touchpoints and pain points --------------------------------------------------------------


def test_touchpoints_and_pain_points(world, client, member, pilot, profile):
    journey = _journey(pilot, profile, [{"title": "А"}, {"title": "Б"}])
    first, second = _stage(journey, 1), _stage(journey, 2)
    other = factories.TouchpointFactory(stage=second, title="Звонок", channel="phone")
    db.session.commit()
    added = client.post(
        f"/journey-stages/{first.id}/touchpoints/new",
        data={"title": "Сайт", "channel": "site", "responsible": "Отдел ИТ"},
    )
    assert added.status_code == 302
    site = db.session.scalar(sa.select(Touchpoint).where(Touchpoint.title == "Сайт"))
    url = f"/journey-stages/{first.id}/pain-points/new"
    form = client.get(url).get_data(as_text=True)
    assert f'value="{site.id}"' in form and f'value="{other.id}"' not in form
    foreign = client.post(url, data={"description": "Долго", "touchpoint_id": other.id})
    assert foreign.status_code == 422
    assert _field_error(foreign.get_data(as_text=True), "touchpoint_id")
    empty = client.post(url, data={"description": ""})
    assert empty.status_code == 422
    assert (
        client.post(url, data={"description": "Долго", "touchpoint_id": site.id}).status_code == 302
    )
    pain = db.session.scalar(sa.select(PainPoint))
    assert pain.touchpoint_id == site.id and pain.region_id == world.r52.id
    edited = client.post(
        f"/pain-points/{pain.id}/edit",
        data={"description": "Очень долго", "touchpoint_id": "", "version": pain.version},
    )
    assert edited.status_code == 302
    assert db.session.get(PainPoint, pain.id).touchpoint_id is None
    assert (
        client.post(
            f"/touchpoints/{site.id}/edit",
            data={"title": "Сайт ЦЗН", "channel": "site", "version": site.version},
        ).status_code
        == 302
    )
    assert client.post(f"/touchpoints/{site.id}/delete").status_code == 302
    assert client.post(f"/pain-points/{pain.id}/delete").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(PainPoint.id))) == 0
    assert [t.title for t in db.session.scalars(sa.select(Touchpoint))] == ["Звонок"]


# --- measurements -----------------------------------------------------------------------------


def _measurement_form(**extra) -> dict:
    return {
        "method": "exit_poll",
        "metric": "mean_score",
        "value": "2,6",  # a decimal comma, as typed in Russian
        "scale_min": "1",
        "scale_max": "3",
        "sample_size": "45",
        "period_start": "2026-09-01",
        "period_end": "2026-09-30",
        **extra,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scale_min": ""}, "scale_min"),
        ({"scale_max": "1"}, "scale_max"),
        ({"value": "3,5"}, "value"),
        ({"metric": "custom", "metric_name": ""}, "metric_name"),
        ({"metric": "share_satisfied", "value": "101"}, "value"),
        ({"sample_size": "0"}, "sample_size"),
        ({"period_end": "2026-08-01"}, "period_end"),
    ],
)
def test_measurement_form_names_the_field(world, client, member, pilot, profile, change, field):
    journey = _journey(pilot, profile, [{"title": "А"}])
    stage = _stage(journey, 1)
    response = client.post(
        f"/journey-stages/{stage.id}/measurements/new", data=_measurement_form(**change)
    )
    assert response.status_code == 422
    assert _field_error(response.get_data(as_text=True), field)
    assert db.session.scalar(sa.select(sa.func.count(Measurement.id))) == 0


def test_measurement_add_edit_delete(world, client, member, pilot, profile):
    journey = _journey(pilot, profile, [{"title": "А"}])
    stage = _stage(journey, 1)
    site = factories.TouchpointFactory(stage=stage)
    db.session.commit()
    added = client.post(
        f"/journey-stages/{stage.id}/measurements/new",
        data=_measurement_form(touchpoint=site.id, note="ЦЗН Канавинского района"),
    )
    assert added.status_code == 302
    measurement = db.session.scalar(sa.select(Measurement))
    assert measurement.value == pytest.approx(2.6) and measurement.touchpoint_id == site.id
    assert measurement.author_id == world.working_group_member.id
    page = client.get(f"/journeys/{journey.id}").get_data(as_text=True)
    assert "2.6 on 1–3, n = 45" in page and "0.80 (high)" in page
    edit_url = f"/measurements/{measurement.id}/edit"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'value="2.6"' in form and f'<option selected value="{site.id}"' in form
    saved = client.post(edit_url, data=_measurement_form(value="1,2", version=1))
    assert saved.status_code == 302
    page = client.get(f"/journeys/{journey.id}").get_data(as_text=True)
    assert "1.2 on 1–3, n = 45" in page and ">low</span>" in page
    stale = client.post(edit_url, data=_measurement_form(value="2", version=1))
    assert stale.status_code == 422
    assert client.post(f"/measurements/{measurement.id}/delete").status_code == 302
    page = client.get(f"/journeys/{journey.id}").get_data(as_text=True)
    assert ">not measured</span>" in page


# --- queries ----------------------------------------------------------------------------------


def test_journey_pages_queries_do_not_grow(world, client, member, pilot, profile, count_queries):
    ids = SimpleNamespace(pilot=pilot.id, profile=profile.id, author=member.id)

    def journey_with(n) -> int:
        pilot = db.session.get(Pilot, ids.pilot)
        profile = db.session.get(ClientProfile, ids.profile)
        journey = _journey(pilot, profile, [{"title": f"Этап {i}"} for i in range(n)])
        for stage in journey.stages:
            touchpoint = factories.TouchpointFactory(stage=stage)
            factories.TouchpointFactory(stage=stage, title="Звонок", channel="phone")
            factories.PainPointFactory(stage=stage, touchpoint=touchpoint)
            factories.MeasurementFactory(stage=stage, touchpoint=touchpoint, author_id=ids.author)
            factories.MeasurementFactory(stage=stage, metric="nps", value=10)
        db.session.commit()
        return journey.id

    def queries(url) -> int:
        db.session.expunge_all()  # each request starts, as in production, with no cached rows
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        return counter["n"]

    small, large = journey_with(2), journey_with(8)
    assert queries(f"/journeys/{small}") == queries(f"/journeys/{large}")
    listing = queries(f"/pilots/{ids.pilot}/journeys")
    journey_with(5)
    assert queries(f"/pilots/{ids.pilot}/journeys") == listing
