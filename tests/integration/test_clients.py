"""Client KPIs, the target group and service, and client profiles through the pages."""

import re

import sqlalchemy as sa

from cxflow.catalogue.models import CatalogueEntry, EntryKind
from cxflow.clients.models import ClientKpi, ClientProfile, ProfileRevision
from cxflow.core.extensions import db
from tests import factories
from tests.helpers import count_rows


def _kpi_form(**kw) -> dict:
    return {
        "group": "comfort",
        "title": "Доступность",
        "description": "Удобство здания, навигации, графика работы",
        "unit": "% оценок «удобно»",
        "formula": "",
        "baseline": "",
        "target": "≥ 80%",
        **kw,
    }


def _profile_form(**kw) -> dict:
    return {
        "title": "Инвалид 50+",
        "target_group": "Граждане с инвалидностью",
        "office_id": "",
        "persona_name": "",
        "age": "50+",
        "gender": "мужской",
        "family_status": "женат",
        "education": "среднее профессиональное",
        "experience": "перерыв 1–3 года",
        "preferred_channels": "личное посещение ЦЗН 1–2 раза в месяц",
        "extra": "Группа инвалидности: III\nПричины инвалидности: общие заболевания",
        "values": "- Главное – состояние здоровья\n- Ценит стабильность\n",
        "wishes": "Получать государственную поддержку",
        "pains": "Боится, что будет сложно трудоустроиться",
        "goals": "",
        "quotes": "«Мне нравится, когда вечером весь персонал уходит домой»",
        **kw,
    }


# --- KPIs ------------------------------------------------------------------------------------


def test_kpi_page_shows_five_groups_in_order_with_gaps(world, client, auth, pilot):
    factories.KpiFactory(pilot=pilot, group="service_culture", title="Лояльность")
    db.session.commit()
    auth.login(world.manager)
    page = client.get(f"/pilots/{pilot.id}/kpis").get_data(as_text=True)
    ids = [f'id="group-{g}-heading"' for g in ("problem_solving", "personalisation", "effort")]
    ids += ['id="group-comfort-heading"', 'id="group-service_culture-heading"']
    positions = [page.index(i) for i in ids]
    assert positions == sorted(positions)
    assert "Лояльность" in page
    empty = ("problem_solving", "personalisation", "effort", "comfort")
    assert all(f'id="group-{g}-empty"' in page for g in empty)
    assert 'id="group-service_culture-empty"' not in page
    assert 'id="add-kpi"' not in page and "/edit" not in page  # the manager only reads


def test_member_adds_edits_and_deletes_a_kpi(world, client, auth, pilot):
    auth.login(world.working_group_member)
    response = client.post(f"/pilots/{pilot.id}/kpis/new", data=_kpi_form())
    assert response.status_code == 302
    kpi = db.session.scalar(sa.select(ClientKpi))
    assert (kpi.group, kpi.title, kpi.target, kpi.region_id) == (
        "comfort",
        "Доступность",
        "≥ 80%",
        world.r52.id,
    )
    page = client.get(f"/pilots/{pilot.id}/kpis").get_data(as_text=True)
    assert f'id="kpi-{kpi.id}"' in page and "Удобство здания" in page

    edit = client.post(
        f"/kpis/{kpi.id}/edit",
        data=_kpi_form(group="effort", baseline="61% в 2021 г.", version=kpi.version),
    )
    assert edit.status_code == 302
    db.session.refresh(kpi)
    assert (kpi.group, kpi.baseline, kpi.version) == ("effort", "61% в 2021 г.", 2)

    stale = client.post(f"/kpis/{kpi.id}/edit", data=_kpi_form(title="Другое", version=1))
    assert stale.status_code == 422
    db.session.refresh(kpi)
    assert kpi.title == "Доступность"

    assert client.post(f"/kpis/{kpi.id}/delete").status_code == 302
    assert count_rows(ClientKpi) == 0


def test_kpi_errors_name_the_fields(world, client, auth, pilot):
    auth.login(world.working_group_member)
    response = client.post(f"/pilots/{pilot.id}/kpis/new", data=_kpi_form(group="speed", title=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="group-error"' in page and 'id="title-error"' in page
    assert count_rows(ClientKpi) == 0


def test_kpis_scoped_and_forbidden(world, client, auth, pilot):
    kpi = factories.KpiFactory(pilot=pilot)
    db.session.commit()
    auth.login(world.coordinator74)
    assert client.get(f"/pilots/{pilot.id}/kpis").status_code == 404
    assert client.post(f"/pilots/{pilot.id}/kpis/new", data=_kpi_form()).status_code == 404
    assert client.get(f"/kpis/{kpi.id}/edit").status_code == 404
    assert client.post(f"/kpis/{kpi.id}/delete").status_code == 404
    auth.logout()
    auth.login(world.manager)
    assert client.post(f"/pilots/{pilot.id}/kpis/new", data=_kpi_form()).status_code == 403
    assert client.get(f"/kpis/{kpi.id}/edit").status_code == 403
    assert client.post(f"/kpis/{kpi.id}/delete").status_code == 403
    assert count_rows(ClientKpi) == 1


# --- target group and service ----------------------------------------------------------------


def test_coordinator_sets_target_group_and_free_text_service(world, client, auth, pilot):
    auth.login(world.regional_coordinator)
    page = client.get(f"/pilots/{pilot.id}/kpis").get_data(as_text=True)
    assert 'name="service_entry_id"' not in page  # empty catalogue: free text only
    response = client.post(
        f"/pilots/{pilot.id}/target",
        data={
            "target_group": "Граждане с инвалидностью",
            "service": "Содействие в поиске подходящей работы",
            "version": pilot.version,
        },
    )
    assert response.status_code == 302
    db.session.refresh(pilot)
    assert pilot.target_group == "Граждане с инвалидностью"
    assert pilot.service == "Содействие в поиске подходящей работы"


def test_service_from_the_catalogue(world, client, auth, pilot):
    entry = CatalogueEntry(
        kind=EntryKind.public_service, key="job_search", title="Содействие в поиске работы"
    )
    complex_ = CatalogueEntry(kind=EntryKind.complex, title="Комплекс сервисов")
    db.session.add_all([entry, complex_])
    db.session.commit()
    auth.login(world.regional_coordinator)
    page = client.get(f"/pilots/{pilot.id}/kpis").get_data(as_text=True)
    assert 'name="service_entry_id"' in page and "Содействие в поиске работы" in page
    data = {"target_group": "Молодёжь", "service": "", "version": pilot.version}
    wrong = client.post(
        f"/pilots/{pilot.id}/target", data={**data, "service_entry_id": complex_.id}
    )
    assert wrong.status_code == 422 and 'id="service_entry_id-error"' in wrong.get_data(
        as_text=True
    )
    ok = client.post(f"/pilots/{pilot.id}/target", data={**data, "service_entry_id": entry.id})
    assert ok.status_code == 302
    db.session.refresh(pilot)
    assert (pilot.target_group, pilot.service) == ("Молодёжь", "Содействие в поиске работы")
    page = client.get(f"/pilots/{pilot.id}/kpis").get_data(as_text=True)
    assert f'<option selected value="{entry.id}">' in page or f'value="{entry.id}" selected' in page


def test_target_needs_pilot_rights_and_a_fresh_version(world, client, auth, pilot):
    auth.login(world.working_group_member)
    page = client.get(f"/pilots/{pilot.id}/kpis").get_data(as_text=True)
    assert f'action="/pilots/{pilot.id}/target"' not in page
    data = {"target_group": "X", "service": "Y", "version": pilot.version}
    assert client.post(f"/pilots/{pilot.id}/target", data=data).status_code == 403
    auth.logout()
    auth.login(world.regional_coordinator)
    assert client.post(f"/pilots/{pilot.id}/target", data={**data, "version": 9}).status_code == 422
    db.session.refresh(pilot)
    assert pilot.target_group == ""


# --- profiles --------------------------------------------------------------------------------


def test_member_creates_a_profile_laid_out_as_the_portrait(world, client, auth, pilot):
    pilot.offices = [world.office52]
    db.session.commit()
    auth.login(world.working_group_member)
    response = client.post(
        f"/pilots/{pilot.id}/profiles/new", data=_profile_form(office_id=world.office52.id)
    )
    assert response.status_code == 302
    profile = db.session.scalar(sa.select(ClientProfile))
    assert profile.values == "Главное – состояние здоровья\nЦенит стабильность"
    assert profile.extra == {
        "Группа инвалидности": "III",
        "Причины инвалидности": "общие заболевания",
    }
    assert profile.office_id == world.office52.id and profile.region_id == world.r52.id
    page = client.get(f"/profiles/{profile.id}").get_data(as_text=True)
    for text in ("Группа инвалидности", "<li>Ценит стабильность</li>", world.office52.name):
        assert text in page
    assert "«Мне нравится" in page
    listing = client.get(f"/pilots/{pilot.id}/profiles").get_data(as_text=True)
    assert "Инвалид 50+" in listing and world.office52.name in listing


def test_profile_errors_name_the_fields(world, client, auth, pilot):
    pilot.offices = [world.office52]
    db.session.commit()
    auth.login(world.working_group_member)
    response = client.post(
        f"/pilots/{pilot.id}/profiles/new",
        data=_profile_form(title="", extra="Группа инвалидности III", office_id=world.office74.id),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for name in ("title", "extra", "office_id"):
        assert f'id="{name}-error"' in page
    assert "Группа инвалидности III" in page  # the bad line is named
    assert count_rows(ClientProfile) == 0 and count_rows(ProfileRevision) == 0


def test_edits_write_versions_readable_later(world, client, auth, pilot):
    auth.login(world.working_group_member)
    client.post(f"/pilots/{pilot.id}/profiles/new", data=_profile_form())
    profile = db.session.scalar(sa.select(ClientProfile))
    data = _profile_form(age="40–55", values="Ценит стабильность", version=1)
    assert client.post(f"/profiles/{profile.id}/edit", data=data).status_code == 302
    stale = client.post(f"/profiles/{profile.id}/edit", data={**data, "age": "30"})
    assert stale.status_code == 422
    db.session.refresh(profile)
    assert (profile.version, profile.age) == (2, "40–55")
    revisions = db.session.scalars(sa.select(ProfileRevision).order_by(ProfileRevision.version))
    assert [(r.version, r.data["age"], r.author_id) for r in revisions] == [
        (1, "50+", world.working_group_member.id),
        (2, "40–55", world.working_group_member.id),
    ]
    page = client.get(f"/profiles/{profile.id}").get_data(as_text=True)
    assert (
        f"/profiles/{profile.id}/versions/1" in page
        and world.working_group_member.full_name in page
    )
    old = client.get(f"/profiles/{profile.id}/versions/1").get_data(as_text=True)
    assert "50+" in old and "<li>Главное – состояние здоровья</li>" in old
    assert client.get(f"/profiles/{profile.id}/versions/3").status_code == 404


def test_merge_through_the_page(world, client, auth, pilot):
    a = factories.ProfileFactory(pilot=pilot, values="Стабильность\nЗдоровье", age="50+")
    b = factories.ProfileFactory(pilot=pilot, values="здоровье \nДоход", age="45")
    db.session.commit()
    auth.login(world.working_group_member)
    page = client.get(f"/pilots/{pilot.id}/profiles/merge").get_data(as_text=True)
    assert f'id="source_ids-{a.id}"' in page and f'for="source_ids-{b.id}"' in page
    one = client.post(
        f"/pilots/{pilot.id}/profiles/merge", data={"title": "Общий", "source_ids": [a.id]}
    )
    assert one.status_code == 422 and 'id="source_ids-error"' in one.get_data(as_text=True)
    response = client.post(
        f"/pilots/{pilot.id}/profiles/merge", data={"title": "Общий", "source_ids": [a.id, b.id]}
    )
    assert response.status_code == 302
    merged = db.session.scalar(sa.select(ClientProfile).where(ClientProfile.title == "Общий"))
    assert merged.values == "Стабильность\nЗдоровье\nДоход" and merged.age == "50+ / 45"
    draft = client.get(f"/profiles/{a.id}").get_data(as_text=True)
    assert re.search(rf'id="merged-into">[^<]*<a href="/profiles/{merged.id}">Общий</a>', draft)
    result = client.get(f"/profiles/{merged.id}").get_data(as_text=True)
    assert f'href="/profiles/{a.id}"' in result and f'href="/profiles/{b.id}"' in result
    listing = client.get(f"/pilots/{pilot.id}/profiles").get_data(as_text=True)
    row = listing[listing.index(f'id="profile-{b.id}"') :]
    assert f'<a href="/profiles/{merged.id}">Общий</a>' in row[: row.index("</tr>")]


def test_delete_profile(world, client, auth, pilot):
    profile = factories.ProfileFactory(pilot=pilot)
    db.session.commit()
    auth.login(world.working_group_member)
    assert client.post(f"/profiles/{profile.id}/delete").status_code == 302
    assert count_rows(ClientProfile) == 0


def test_profiles_scoped_and_forbidden(world, client, auth, pilot):
    profile = factories.ProfileFactory(pilot=pilot)
    db.session.commit()
    auth.login(world.coordinator74)
    for url in (
        f"/pilots/{pilot.id}/profiles",
        f"/profiles/{profile.id}",
        f"/profiles/{profile.id}/edit",
        f"/profiles/{profile.id}/versions/1",
        f"/pilots/{pilot.id}/profiles/merge",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/profiles/{profile.id}/delete").status_code == 404
    auth.logout()
    auth.login(world.manager)
    assert client.get(f"/profiles/{profile.id}").status_code == 200
    assert client.get(f"/pilots/{pilot.id}/profiles/new").status_code == 403
    assert client.get(f"/profiles/{profile.id}/edit").status_code == 403
    assert client.post(f"/profiles/{profile.id}/delete").status_code == 403
    assert client.get(f"/pilots/{pilot.id}/profiles/merge").status_code == 403
    assert count_rows(ClientProfile) == 1


def test_profile_list_queries_do_not_grow(world, client, auth, pilot, query_counts):
    pilot.offices = [world.office52]
    db.session.commit()
    auth.login(world.manager)

    def grow(n):
        drafts = [factories.ProfileFactory(pilot=pilot, office=world.office52) for _ in range(n)]
        merged = factories.ProfileFactory(pilot=pilot, sources=drafts)
        for draft in drafts:
            draft.merged_into_id = merged.id
        factories.KpiFactory(pilot=pilot)
        db.session.commit()

    urls = [f"/pilots/{pilot.id}/profiles", f"/pilots/{pilot.id}/kpis"]
    small, large = query_counts(client.get, urls, grow, growth=(2, 10))
    assert large == small
