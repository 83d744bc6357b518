"""What each role sees and may do through the HTML pages."""

import pytest
import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User


def _nav(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return page.split('id="main-nav"')[1].split('<ul class="navbar-nav align-items-lg-center">')[0]


@pytest.mark.parametrize(
    ("role", "sees_users"),
    [
        ("admin", True),
        ("federal_consultant", False),
        ("regional_coordinator", False),
        ("working_group_member", False),
        ("manager", False),
    ],
)
def test_navigation_by_role(world, client, auth, role, sees_users):
    auth.login(getattr(world, role))
    nav = _nav(client)
    assert ("/admin/users/" in nav) is sees_users
    assert "/offices" in nav and "/calendar/" in nav


@pytest.mark.parametrize("role", ["regional_coordinator", "working_group_member", "manager"])
def test_regional_user_sees_only_own_offices(world, client, auth, role):
    auth.login(getattr(world, role))
    page = client.get("/offices").get_data(as_text=True)
    assert world.office52.name in page and world.office74.name not in page
    assert client.get(f"/offices/{world.office74.id}").status_code == 404
    assert client.get(f"/offices/{world.office52.id}").status_code == 200
    region74 = client.get(f"/regions/{world.r74.id}").get_data(as_text=True)
    assert world.office74.name not in region74


@pytest.mark.parametrize("role", ["admin", "federal_consultant"])
def test_federal_user_sees_every_office(world, client, auth, role):
    auth.login(getattr(world, role))
    page = client.get("/offices").get_data(as_text=True)
    assert world.office52.name in page and world.office74.name in page
    assert "/s/" + world.office74.survey_token in client.get(
        f"/offices/{world.office74.id}"
    ).get_data(as_text=True)


@pytest.mark.parametrize("url", ["/admin/users/", "/admin/users/new", "/regions/new"])
@pytest.mark.parametrize("role", ["federal_consultant", "regional_coordinator", "manager"])
def test_admin_pages_are_forbidden_to_others(world, client, auth, role, url):
    auth.login(getattr(world, role))
    response = client.get(url)
    assert response.status_code == 403 and "text/html" in response.content_type


def test_admin_creates_region_and_errors_name_the_field(world, client, auth):
    auth.login(world.admin)
    response = client.post(
        "/regions/new",
        data={"code": "5x", "name": "Тест", "network": "centralized", "timezone": "Europe/Moscow"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#code"' in page and 'id="code-error"' in page
    response = client.post(
        "/regions/new",
        data={"code": "52", "name": "Дубль", "network": "centralized", "timezone": "Europe/Moscow"},
    )
    assert response.status_code == 422 and 'id="code-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Region.id))) == 2  # nothing half-saved
    response = client.post(
        "/regions/new",
        data={
            "code": "32",
            "name": "Брянская область",
            "network": "decentralized",
            "timezone": "Europe/Moscow",
        },
    )
    assert response.status_code == 302
    assert (
        db.session.scalar(sa.select(Region).where(Region.code == "32")).network == "decentralized"
    )


def test_coordinator_adds_office_only_in_own_region(world, client, auth):
    auth.login(world.regional_coordinator)
    response = client.post(
        "/offices/new", data={"region_id": world.r74.id, "name": "Чужой ЦЗН", "address": ""}
    )
    assert response.status_code == 422  # region 74 is not a choice for this user
    response = client.post(
        "/offices/new",
        data={"region_id": world.r52.id, "name": "ЦЗН Сергачского района", "address": "г. Сергач"},
    )
    assert response.status_code == 302
    office = db.session.scalar(sa.select(Office).where(Office.name == "ЦЗН Сергачского района"))
    assert office.region_id == world.r52.id


def test_member_cannot_edit_office(world, client, auth):
    auth.login(world.working_group_member)
    assert client.get(f"/offices/{world.office52.id}/edit").status_code == 403


def test_stale_edit_is_refused_and_nothing_is_lost(world, client, auth):
    auth.login(world.regional_coordinator)
    url = f"/offices/{world.office52.id}/edit"
    first = {"name": "ЦЗН Нижнего Новгорода (Канавинский)", "address": "", "version": 1}
    assert client.post(url, data=first).status_code == 302
    second = {"name": "Другое имя", "address": "", "version": 1}  # read before the first save
    response = client.post(url, data=second)
    assert response.status_code == 422
    assert "другим пользователем" in response.get_data(
        as_text=True
    ) or "changed by someone else" in response.get_data(as_text=True)
    db.session.refresh(world.office52)
    assert world.office52.name == first["name"] and world.office52.version == 2


def test_rotating_the_survey_link(world, client, auth):
    auth.login(world.regional_coordinator)
    old = world.office52.survey_token
    assert client.post(f"/offices/{world.office52.id}/survey-link").status_code == 302
    db.session.refresh(world.office52)
    assert world.office52.survey_token != old


def test_admin_manages_users(world, client, auth):
    auth.login(world.admin)
    data = {
        "email": "New.User@Cxflow.Local",
        "full_name": "Петров Пётр",
        "role": "manager",
        "region_id": "",
        "password": "long-enough-1",
    }
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 422 and 'id="region_id-error"' in response.get_data(as_text=True)
    response = client.post("/admin/users/new", data={**data, "region_id": world.r74.id})
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "new.user@cxflow.local"))
    assert user.region_id == world.r74.id
    # deactivate, then move to a federal role (the region is dropped)
    response = client.post(
        f"/admin/users/{user.id}/edit",
        data={
            "full_name": user.full_name,
            "role": "federal_consultant",
            "region_id": "",
            "active": "",
            "version": user.version,
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.active is False and user.region_id is None and user.role == "federal_consultant"


def test_admin_cannot_demote_self(world, client, auth):
    auth.login(world.admin)
    response = client.post(
        f"/admin/users/{world.admin.id}/edit",
        data={
            "full_name": world.admin.full_name,
            "role": "manager",
            "region_id": world.r52.id,
            "active": "y",
            "version": world.admin.version,
        },
    )
    assert response.status_code == 422
    db.session.refresh(world.admin)
    assert world.admin.role == "admin"


def test_admin_sets_password(world, client, auth):
    auth.login(world.admin)
    user = world.manager
    assert (
        client.post(f"/admin/users/{user.id}/password", data={"password": "x"}).status_code == 422
    )
    response = client.post(f"/admin/users/{user.id}/password", data={"password": "fresh-pass-1"})
    assert response.status_code == 302
    auth.logout()
    assert auth.login(user, "fresh-pass-1").status_code == 302


def test_calendar_page_and_overrides(world, client, auth):
    auth.login(world.manager)
    page = client.get("/calendar/?year=2027&start=2027-02-19&days=2").get_data(as_text=True)
    assert "20.02.2027" in page
    assert client.post("/calendar/overrides", data={"day": "2027-03-01"}).status_code == 403
    auth.logout()
    auth.login(world.admin)
    data = {"day": "2027-03-01", "is_working": "0", "region_id": world.r52.id, "note": "День"}
    assert client.post("/calendar/overrides?year=2027", data=data).status_code == 302
    assert client.post("/calendar/overrides?year=2027", data=data).status_code == 422  # duplicate
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "01.03.2027" in page and world.r52.name in page


def test_error_pages_are_html(world, client, auth):
    auth.login(world.manager)
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "text/html" in response.content_type
    assert "<h1>" in response.get_data(as_text=True)


def test_russian_by_default_and_english_switch(world, client, auth):
    auth.login(world.manager)
    assert "Выйти" in client.get("/").get_data(as_text=True)
    client.get("/lang/en")
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_forms_refuse_a_missing_csrf_token(world, app, client, auth):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/auth/login", data={"email": world.admin.email, "password": "x"})
    assert response.status_code == 400 and "text/html" in response.content_type
