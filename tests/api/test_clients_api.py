"""/api/v1 client KPIs and client profiles: validation, versions, merges, scoping, rights."""

import pytest
import sqlalchemy as sa

from cxflow.clients.models import ClientKpi, ClientProfile, ProfileRevision
from cxflow.core.extensions import db
from tests import factories
from tests.helpers import count_rows, error_fields


@pytest.fixture
def pilot(pilot, world):
    pilot.offices = [world.office52]
    db.session.commit()
    return pilot


# --- KPIs ------------------------------------------------------------------------------------


def test_kpi_crud(world, api, pilot):
    api.as_(world.working_group_member)
    created = api.post(
        f"/api/v1/pilots/{pilot.id}/kpis",
        json={
            "group": "problem_solving",
            "title": "Результат",
            "description": "Трудоустройство",
            "unit": "мес.",
            "formula": "срок поиска работы",
            "baseline": "6 мес.",
            "target": "4 мес.",
        },
    )
    assert created.status_code == 201, created.json
    kpi = created.json
    assert kpi["group"] == "problem_solving" and kpi["target"] == "4 мес."
    assert kpi["version"] == 1 and kpi["pilot_id"] == pilot.id and kpi["group_title"]
    assert api.get(f"/api/v1/kpis/{kpi['id']}").json["title"] == "Результат"

    listed = api.get(f"/api/v1/pilots/{pilot.id}/kpis").json
    assert listed["total"] == 1 and listed["items"][0]["id"] == kpi["id"]

    patched = api.patch(
        f"/api/v1/kpis/{kpi['id']}", json={"target": "3 мес.", "version": kpi["version"]}
    )
    assert patched.status_code == 200
    assert (patched.json["target"], patched.json["version"]) == ("3 мес.", 2)
    assert patched.json["title"] == "Результат"  # fields not sent stay

    stale = api.patch(f"/api/v1/kpis/{kpi['id']}", json={"target": "1 мес.", "version": 1})
    assert stale.status_code == 409 and stale.json["error"]["current_version"] == 2

    assert api.delete(f"/api/v1/kpis/{kpi['id']}").status_code == 204
    assert api.get(f"/api/v1/kpis/{kpi['id']}").status_code == 404
    assert count_rows(ClientKpi) == 0


def test_kpi_validation(world, api, pilot):
    api.as_(world.working_group_member)
    url = f"/api/v1/pilots/{pilot.id}/kpis"
    assert "group" in error_fields(api.post(url, json={"group": "speed", "title": "Скорость"}))
    assert "title" in error_fields(api.post(url, json={"group": "effort", "title": "  "}))
    assert set(error_fields(api.post(url, json={}))) >= {"group", "title"}
    assert "unit" in error_fields(
        api.post(url, json={"group": "effort", "title": "x", "unit": "u" * 51})
    )
    kpi = factories.KpiFactory(pilot=pilot)
    db.session.commit()
    bad = api.patch(f"/api/v1/kpis/{kpi.id}", json={"group": "other", "version": 1})
    assert "group" in error_fields(bad)
    assert "version" in error_fields(api.patch(f"/api/v1/kpis/{kpi.id}", json={"title": "x"}))
    assert count_rows(ClientKpi) == 1


def test_kpis_scoped_and_forbidden(world, api, pilot):
    kpi = factories.KpiFactory(pilot=pilot)
    db.session.commit()
    api.as_(world.coordinator74)
    assert api.get(f"/api/v1/pilots/{pilot.id}/kpis").status_code == 404
    body = {"group": "comfort", "title": "Доступность"}
    assert api.post(f"/api/v1/pilots/{pilot.id}/kpis", json=body).status_code == 404
    assert api.get(f"/api/v1/kpis/{kpi.id}").status_code == 404
    assert api.patch(f"/api/v1/kpis/{kpi.id}", json={"version": 1}).status_code == 404
    assert api.delete(f"/api/v1/kpis/{kpi.id}").status_code == 404
    api.as_(world.manager)
    assert api.get(f"/api/v1/pilots/{pilot.id}/kpis").json["total"] == 1
    assert api.post(f"/api/v1/pilots/{pilot.id}/kpis", json=body).status_code == 403
    assert api.patch(f"/api/v1/kpis/{kpi.id}", json={"version": 9}).status_code == 403
    assert api.delete(f"/api/v1/kpis/{kpi.id}").status_code == 403
    api.as_(world.federal_consultant)  # sees every region, edits none
    assert api.get(f"/api/v1/kpis/{kpi.id}").status_code == 200
    assert api.post(f"/api/v1/pilots/{pilot.id}/kpis", json=body).status_code == 403
    assert count_rows(ClientKpi) == 1


# --- profiles --------------------------------------------------------------------------------

NIZHNY = {
    "title": "Инвалид 50+",
    "target_group": "Граждане с инвалидностью",
    "persona_name": "Сергей, 46 лет",
    "age": "50+",
    "gender": "мужской",
    "family_status": "женат",
    "education": "среднее профессиональное",
    "experience": "перерыв в трудовой деятельности 1–3 года",
    "preferred_channels": "личное посещение ЦЗН 1–2 раза в месяц",
    "goals": "Подбор подходящей работы\nПособие по безработице",
    "values": ["Главное – состояние здоровья", "Ценит стабильность"],
    "wishes": "- Получать государственную поддержку\n\n- Достойная «белая» зарплата",
    "pains": ["Боится, что будет сложно трудоустроиться"],
    "quotes": "«Об услугах ЦЗН знаю не понаслышке»",
    "extra": {"Группа инвалидности": "III", "Причины инвалидности": "общие заболевания"},
}


def test_profile_create_read_and_revisions(world, api, pilot):
    api.as_(world.working_group_member)
    created = api.post(
        f"/api/v1/pilots/{pilot.id}/profiles", json={**NIZHNY, "office_id": world.office52.id}
    )
    assert created.status_code == 201, created.json
    profile = created.json
    assert profile["version"] == 1 and profile["source_ids"] == []
    assert profile["merged_into_id"] is None and profile["office_id"] == world.office52.id
    assert profile["values"] == ["Главное – состояние здоровья", "Ценит стабильность"]
    assert profile["wishes"] == ["Получать государственную поддержку", "Достойная «белая» зарплата"]
    assert profile["extra"] == NIZHNY["extra"]
    assert api.get(f"/api/v1/profiles/{profile['id']}").json == profile
    assert api.get(f"/api/v1/pilots/{pilot.id}/profiles").json["items"] == [profile]

    url = f"/api/v1/profiles/{profile['id']}"
    first = api.patch(url, json={"age": "40–55", "version": 1})
    assert first.status_code == 200 and first.json["version"] == 2
    second = api.patch(url, json={"pains": "Нет навыков интернета", "version": 2})
    assert second.json["version"] == 3 and second.json["age"] == "40–55"
    same = api.patch(url, json={"age": "40–55", "version": 3})  # nothing changed: no version
    assert same.json["version"] == 3

    revisions = api.get(f"{url}/revisions").json
    assert [r["version"] for r in revisions["items"]] == [3, 2, 1]
    assert all(r["author_id"] == world.working_group_member.id for r in revisions["items"])
    v1, v2, v3 = (revisions["items"][i]["data"] for i in (2, 1, 0))
    assert (v1["age"], v2["age"], v3["age"]) == ("50+", "40–55", "40–55")
    assert v2["pains"] == ["Боится, что будет сложно трудоустроиться"]
    assert v3["pains"] == ["Нет навыков интернета"]
    assert v1["extra"] == NIZHNY["extra"] and v1["office_id"] == world.office52.id
    assert api.get(f"{url}/revisions/1").json["data"] == v1
    assert api.get(f"{url}/revisions/9").status_code == 404


def test_profile_only_title_is_required(world, api, pilot):
    api.as_(world.working_group_member)
    created = api.post(f"/api/v1/pilots/{pilot.id}/profiles", json={"title": "Работодатель"})
    assert created.status_code == 201
    assert created.json["values"] == [] and created.json["extra"] == {}
    revision = db.session.scalar(sa.select(ProfileRevision))
    assert revision.version == 1 and revision.data["title"] == "Работодатель"


def test_profile_validation(world, api, pilot):
    api.as_(world.working_group_member)
    url = f"/api/v1/pilots/{pilot.id}/profiles"
    assert "title" in error_fields(api.post(url, json={"age": "50+"}))
    assert "title" in error_fields(api.post(url, json={"title": " "}))
    other_region = api.post(url, json={"title": "П", "office_id": world.office74.id})
    assert "office_id" in error_fields(other_region)
    not_of_pilot = factories.OfficeFactory(region=world.r52)
    db.session.commit()
    assert "office_id" in error_fields(
        api.post(url, json={"title": "П", "office_id": not_of_pilot.id})
    )
    for extra in (["Группа инвалидности"], {"Группа": 3}, "Группа: III", {"": "III"}):
        assert "extra" in error_fields(api.post(url, json={"title": "П", "extra": extra})), extra
    assert "values" in error_fields(api.post(url, json={"title": "П", "values": [1, 2]}))
    assert "age" in error_fields(api.post(url, json={"title": "П", "age": "9" * 101}))
    assert count_rows(ClientProfile) == 0 and count_rows(ProfileRevision) == 0

    profile = factories.ProfileFactory(pilot=pilot)
    db.session.commit()
    patch = api.patch(
        f"/api/v1/profiles/{profile.id}",
        json={"title": "", "office_id": world.office74.id, "version": 1},
    )
    assert set(error_fields(patch)) == {"title", "office_id"}
    stale = api.patch(f"/api/v1/profiles/{profile.id}", json={"age": "30", "version": 7})
    assert stale.status_code == 409
    db.session.refresh(profile)
    assert (profile.age, profile.version) == ("50+", 1)


def test_profiles_scoped_and_forbidden(world, api, pilot):
    profile = factories.ProfileFactory(pilot=pilot)
    other = factories.ProfileFactory(pilot=pilot)
    db.session.commit()
    api.as_(world.coordinator74)
    assert api.get(f"/api/v1/pilots/{pilot.id}/profiles").status_code == 404
    assert api.post(f"/api/v1/pilots/{pilot.id}/profiles", json={"title": "x"}).status_code == 404
    for method in ("get", "delete"):
        assert getattr(api, method)(f"/api/v1/profiles/{profile.id}").status_code == 404
    assert api.patch(f"/api/v1/profiles/{profile.id}", json={"version": 1}).status_code == 404
    assert api.get(f"/api/v1/profiles/{profile.id}/revisions").status_code == 404
    merge = {"title": "x", "source_ids": [profile.id, other.id]}
    assert api.post(f"/api/v1/pilots/{pilot.id}/profiles/merge", json=merge).status_code == 404
    api.as_(world.manager)
    assert api.get(f"/api/v1/profiles/{profile.id}").status_code == 200
    assert api.post(f"/api/v1/pilots/{pilot.id}/profiles", json={"title": "x"}).status_code == 403
    assert api.patch(f"/api/v1/profiles/{profile.id}", json={"version": 1}).status_code == 403
    assert api.delete(f"/api/v1/profiles/{profile.id}").status_code == 403
    assert api.post(f"/api/v1/pilots/{pilot.id}/profiles/merge", json=merge).status_code == 403
    assert count_rows(ClientProfile) == 2


# --- merging ---------------------------------------------------------------------------------


def _drafts(world, pilot):
    """Three offices' drafts, as in Udmurtia (seed 001 §2.6)."""
    other_office = factories.OfficeFactory(region=world.r52, name="ЦЗН Сарапула")
    pilot.offices = [world.office52, other_office]
    a = factories.ProfileFactory(
        pilot=pilot,
        office=world.office52,
        age="50+",
        gender="мужской",
        values="Здоровье\nСтабильность",
        pains="Мало вакансий",
        extra={"Группа инвалидности": "III"},
    )
    b = factories.ProfileFactory(
        pilot=pilot,
        office=other_office,
        age="45–55",
        gender="Мужской ",
        values="  стабильность\nДоход",
        wishes="Лёгкая работа",
        extra={"группа инвалидности": "II", "Проживает": "село"},
    )
    c = factories.ProfileFactory(
        pilot=pilot, office=world.office52, age="50+", gender="", values="Здоровье"
    )
    db.session.commit()
    return a, b, c


def test_merge_unites_lines_and_joins_headers(world, api, pilot):
    a, b, c = _drafts(world, pilot)
    api.as_(world.working_group_member)
    response = api.post(
        f"/api/v1/pilots/{pilot.id}/profiles/merge",
        json={"title": "Типичный клиент", "source_ids": [a.id, b.id, c.id]},
    )
    assert response.status_code == 201, response.json
    merged = response.json
    assert merged["title"] == "Типичный клиент" and merged["version"] == 1
    assert merged["values"] == ["Здоровье", "Стабильность", "Доход"]
    assert merged["pains"] == ["Мало вакансий"] and merged["wishes"] == ["Лёгкая работа"]
    assert merged["age"] == "50+ / 45–55"
    assert merged["gender"] == "мужской"  # case and spaces do not make a new value
    assert merged["extra"] == {"Группа инвалидности": "III / II", "Проживает": "село"}
    assert merged["office_id"] is None  # drafts of two offices
    assert merged["source_ids"] == [a.id, b.id, c.id] and merged["merged_into_id"] is None

    for draft in (a, b, c):
        body = api.get(f"/api/v1/profiles/{draft.id}").json
        assert body["merged_into_id"] == merged["id"] and body["version"] == 2
        assert body["title"] == draft.title  # the draft stays readable and editable
    revision = api.get(f"/api/v1/profiles/{a.id}/revisions").json["items"][0]
    assert revision["version"] == 2 and revision["data"]["merged_into_id"] == merged["id"]
    edited = api.patch(f"/api/v1/profiles/{a.id}", json={"age": "55", "version": 2})
    assert edited.status_code == 200 and edited.json["merged_into_id"] == merged["id"]
    first = api.get(f"/api/v1/profiles/{merged['id']}/revisions").json["items"]
    assert [r["version"] for r in first] == [1] and first[0]["data"]["age"] == "50+ / 45–55"


def test_merge_of_one_office_keeps_the_office(world, api, pilot):
    a, _b, c = _drafts(world, pilot)
    api.as_(world.working_group_member)
    merged = api.post(
        f"/api/v1/pilots/{pilot.id}/profiles/merge",
        json={"title": "ЦЗН", "source_ids": [c.id, a.id]},
    ).json
    assert merged["office_id"] == world.office52.id
    assert merged["values"] == ["Здоровье", "Стабильность"] and merged["age"] == "50+"


def test_merge_refusals(world, api, pilot):
    a, b, _c = _drafts(world, pilot)
    other_pilot = factories.PilotFactory(region=world.r52)
    stranger = factories.ProfileFactory(pilot=other_pilot)
    elsewhere = factories.ProfileFactory(pilot=factories.PilotFactory(region=world.r74))
    db.session.commit()
    api.as_(world.working_group_member)
    url = f"/api/v1/pilots/{pilot.id}/profiles/merge"
    assert "source_ids" in error_fields(api.post(url, json={"title": "x", "source_ids": [a.id]}))
    assert "source_ids" in error_fields(
        api.post(url, json={"title": "x", "source_ids": [a.id, a.id]})
    )
    for foreign in (stranger.id, elsewhere.id, 999_999):
        body = {"title": "x", "source_ids": [a.id, foreign]}
        assert "source_ids" in error_fields(api.post(url, json=body)), foreign
    assert "title" in error_fields(api.post(url, json={"title": "", "source_ids": [a.id, b.id]}))
    assert set(error_fields(api.post(url, json={"title": " ", "source_ids": []}))) == {
        "title",
        "source_ids",
    }
    long_age = factories.ProfileFactory(pilot=pilot, age="в" * 99)
    db.session.commit()
    too_long = api.post(url, json={"title": "x", "source_ids": [a.id, long_age.id]})
    assert "source_ids" in error_fields(too_long)
    assert count_rows(ClientProfile) == 6
    assert (
        db.session.scalar(sa.select(ClientProfile.merged_into_id).where(ClientProfile.id == a.id))
        is None
    )


def test_deleting_the_merged_profile_frees_the_drafts(world, api, pilot):
    a, b, _c = _drafts(world, pilot)
    api.as_(world.working_group_member)
    merged = api.post(
        f"/api/v1/pilots/{pilot.id}/profiles/merge", json={"title": "x", "source_ids": [a.id, b.id]}
    ).json
    assert api.delete(f"/api/v1/profiles/{merged['id']}").status_code == 204
    assert api.get(f"/api/v1/profiles/{a.id}").json["merged_into_id"] is None
    assert api.get(f"/api/v1/pilots/{pilot.id}/profiles").json["total"] == 3


def test_profile_list_endpoint_queries_do_not_grow(world, api, pilot, count_queries):
    api.as_(world.manager)
    pilot_id = pilot.id

    def grow(n):
        drafts = [factories.ProfileFactory(pilot=pilot, office=world.office52) for _ in range(n)]
        factories.ProfileFactory(pilot=pilot, sources=drafts)
        factories.KpiFactory(pilot=pilot)
        db.session.commit()

    grow(2)
    with count_queries() as small:
        assert api.get(f"/api/v1/pilots/{pilot_id}/profiles").json["total"] == 3
        assert api.get(f"/api/v1/pilots/{pilot_id}/kpis").status_code == 200
    grow(10)
    with count_queries() as large:
        assert api.get(f"/api/v1/pilots/{pilot_id}/profiles").json["total"] == 14
        assert api.get(f"/api/v1/pilots/{pilot_id}/kpis").status_code == 200
    assert large["n"] == small["n"], (small, large)
