"""The JSON API: tokens, the error shape of API.md, scoping, versions, lists, OpenAPI."""

import datetime as dt

import pytest
import sqlalchemy as sa

from cxflow.app import create_app
from cxflow.auth.models import ApiToken
from cxflow.core.extensions import db
from cxflow.orgs.models import Office
from tests.factories import PASSWORD
from tests.helpers import api_error, config_with


def test_token_issue_and_use(world, client):
    response = client.post(
        "/api/v1/auth/token", json={"email": world.manager.email, "password": PASSWORD}
    )
    assert response.status_code == 201
    assert set(response.json) >= {"token", "expires_at"}
    me = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {response.json['token']}"}
    )
    assert me.json["email"] == world.manager.email and me.json["region_code"] == "52"


def test_wrong_credentials(world, client):
    response = client.post(
        "/api/v1/auth/token", json={"email": world.manager.email, "password": "bad"}
    )
    api_error(response, 401, "invalid_credentials")


def test_missing_invalid_and_expired_tokens(world, client, api):
    assert api_error(client.get("/api/v1/regions"), 401, "missing_token")
    bad = client.get("/api/v1/regions", headers={"Authorization": "Bearer nonsense"})
    api_error(bad, 401, "invalid_token")
    api.as_(world.manager)
    db.session.execute(
        sa.update(ApiToken).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )
    db.session.commit()
    error = api_error(api.get("/api/v1/regions"), 401, "token_expired")
    assert "expired" in error["message"] or "истёк" in error["message"]


def test_revoked_token_stops_working(world, api):
    api.as_(world.manager)
    assert api.delete("/api/v1/auth/token").status_code == 204
    api_error(api.get("/api/v1/regions"), 401, "invalid_token")


def test_token_endpoint_is_throttled(world, client):
    bad = {"email": world.manager.email, "password": "bad"}
    statuses = [client.post("/api/v1/auth/token", json=bad).status_code for _ in range(6)]
    assert statuses[-1] == 429
    api_error(client.post("/api/v1/auth/token", json=bad), 429, "rate_limited")


def test_regions_list(world, api):
    response = api.as_(world.working_group_member).get("/api/v1/regions?per_page=1&page=2")
    assert response.json["total"] == 2
    assert response.json["items"] == [
        {
            "id": world.r74.id,
            "code": "74",
            "name": "Челябинская область",
            "network": "centralized",
            "timezone": "Europe/Moscow",
            "version": 1,
        }
    ]
    assert "Челябинская" in response.get_data(as_text=True)  # UTF-8, not \u escapes


@pytest.mark.parametrize("role", ["regional_coordinator", "working_group_member", "manager"])
def test_offices_are_scoped(world, api, role):
    api.as_(getattr(world, role))
    listed = api.get("/api/v1/offices").json
    assert [o["id"] for o in listed["items"]] == [world.office52.id] and listed["total"] == 1
    assert api.get("/api/v1/offices?region_code=74").json == {"items": [], "total": 0}
    api_error(api.get(f"/api/v1/offices/{world.office74.id}"), 404, "not_found")
    patch = api.patch(f"/api/v1/offices/{world.office74.id}", json={"name": "x", "version": 1})
    api_error(patch, 404, "not_found")


def test_federal_consultant_sees_all_offices_with_survey_links(world, api):
    items = api.as_(world.federal_consultant).get("/api/v1/offices?region_code=74").json["items"]
    assert items[0]["survey_url"].endswith("/s/" + world.office74.survey_token)


def test_coordinator_creates_office(world, api, app):
    api.as_(world.regional_coordinator)
    response = api.post(
        "/api/v1/offices",
        json={"region_id": world.r52.id, "name": "ЦЗН Павловского района", "address": "г. Павлово"},
    )
    assert response.status_code == 201
    # the address clients reach (CXFLOW_PUBLIC_URL), as printed on posters, not the caller's
    assert response.json["survey_url"].startswith(app.config["PUBLIC_BASE_URL"] + "/s/")
    other = api.post("/api/v1/offices", json={"region_id": world.r74.id, "name": "x"})
    assert api_error(other, 422, "validation_error")["fields"] == {
        "region_id": [other.json["error"]["fields"]["region_id"][0]]
    }
    duplicate = api.post(
        "/api/v1/offices", json={"region_id": world.r52.id, "name": "ЦЗН Павловского района"}
    )
    assert "name" in api_error(duplicate, 422, "validation_error")["fields"]


def test_member_may_not_create_offices(world, api):
    response = api.as_(world.working_group_member).post(
        "/api/v1/offices", json={"region_id": world.r52.id, "name": "ЦЗН"}
    )
    api_error(response, 403, "forbidden")
    assert db.session.scalar(sa.select(sa.func.count(Office.id))) == 2


def test_validation_errors_name_the_fields(world, api):
    api.as_(world.admin)
    error = api_error(api.post("/api/v1/regions", json={"name": 5}), 422, "validation_error")
    assert set(error["fields"]) == {"code", "name"}
    error = api_error(
        api.post("/api/v1/regions", json={"code": "520", "name": "X"}), 422, "validation_error"
    )
    assert list(error["fields"]) == ["code"] and "code" in error["message"]
    malformed = api.post("/api/v1/regions", data="{bad", content_type="application/json")
    api_error(malformed, 400, "bad_request")
    api_error(
        api.get("/api/v1/calendar/add-working-days?start=2026-13-01&days=1"),
        422,
        "validation_error",
    )


def test_stale_version_is_a_conflict(world, api):
    api.as_(world.admin)
    url = f"/api/v1/regions/{world.r74.id}"
    assert api.patch(url, json={"network": "decentralized", "version": 1}).json["version"] == 2
    api_error(api.patch(url, json={"name": "Другое", "version": 1}), 409, "conflict")
    assert api.get(url).json["name"] == "Челябинская область"
    api_error(api.patch(url, json={"name": "Другое"}), 422, "validation_error")


def test_admin_manages_users_through_the_api(world, api):
    api.as_(world.admin)
    created = api.post(
        "/api/v1/users",
        json={
            "email": "analyst@cxflow.local",
            "full_name": "Аналитик",
            "role": "manager",
            "region_id": world.r74.id,
            "password": "long-enough-1",
        },
    )
    assert created.status_code == 201 and created.json["region_code"] == "74"
    bad = api.post(
        "/api/v1/users",
        json={
            "email": "not-an-email",
            "full_name": "",
            "role": "federal_consultant",
            "region_id": world.r52.id,
            "password": "1",
        },
    )
    assert set(api_error(bad, 422, "validation_error")["fields"]) == {
        "email",
        "full_name",
        "region_id",
        "password",
    }
    patched = api.patch(f"/api/v1/users/{created.json['id']}", json={"active": False, "version": 1})
    assert patched.json["active"] is False
    listed = api.get("/api/v1/users?role=manager").json
    assert {u["email"] for u in listed["items"]} == {"analyst@cxflow.local", world.manager.email}


def test_users_api_is_admin_only(world, api):
    api.as_(world.federal_consultant)
    api_error(api.get("/api/v1/users"), 403, "forbidden")
    api_error(api.get(f"/api/v1/users/{world.manager.id}"), 403, "forbidden")


def test_calendar_endpoint(world, api):
    api.as_(world.manager)
    response = api.get("/api/v1/calendar/add-working-days?start=2026-12-30&days=2")
    assert response.json == {"date": "2027-01-11"}
    error = api_error(
        api.get("/api/v1/calendar/add-working-days?start=2026-12-30&days=0"),
        422,
        "validation_error",
    )
    assert list(error["fields"]) == ["days"]


def test_calendar_overrides_api(world, api):
    api.as_(world.admin)
    created = api.post(
        "/api/v1/calendar/overrides",
        json={
            "day": "2026-12-30",
            "is_working": False,
            "note": "Указ губернатора",
            "region_id": world.r52.id,
        },
    )
    assert created.status_code == 201
    api.as_(world.manager)
    assert api.get(
        f"/api/v1/calendar/add-working-days?start=2026-12-30&days=1&region_id={world.r52.id}"
    ).json == {"date": "2027-01-11"}
    api_error(api.delete(f"/api/v1/calendar/overrides/{created.json['id']}"), 403, "forbidden")
    assert api.get("/api/v1/calendar/overrides?year=2026").json["total"] == 1


def test_unknown_api_path_is_json(world, api):
    api_error(api.as_(world.manager).get("/api/v1/nothing-here"), 404, "not_found")


def test_method_not_allowed_keeps_allow_header(world, api):
    response = api.as_(world.manager).put("/api/v1/regions")
    api_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.json == {"status": "ok", "database": "ok", "broker": "eager"}


def test_openapi_lists_every_api_endpoint(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if (
            rule.rule.startswith("/api/v1/") and "openapi" not in rule.rule
        ) or rule.rule == "/healthz":
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, (path, method)


def test_unexpected_errors_keep_the_shape():
    # an app of its own: routes cannot be added to one that has served requests
    app = create_app(config_with(PROPAGATE_EXCEPTIONS=False))

    def boom():
        raise RuntimeError("boom")

    boom._cxflow_public = True
    app.add_url_rule("/api/v1/boom", "boom", boom)
    app.add_url_rule("/boom", "boom_page", boom)
    client = app.test_client()
    api_error(client.get("/api/v1/boom"), 500, "server_error")
    page = client.get("/boom")
    assert page.status_code == 500 and "text/html" in page.content_type


def test_only_editable_fields_are_written(world, api):
    api.as_(world.admin)
    response = api.patch(
        f"/api/v1/offices/{world.office52.id}",
        json={"name": "Новое имя", "version": 1, "region_id": world.r74.id},
    )
    assert response.status_code == 422  # unknown field refused by the schema
    assert api.get(f"/api/v1/offices/{world.office52.id}").json["region_id"] == world.r52.id


def test_simultaneous_saves_of_one_record(world, app):
    """Two sessions read version 1; the second commit loses with a conflict, not a 500."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    from cxflow.orgs.models import Office

    with Session(db.engine) as first, Session(db.engine) as second:
        a, b = first.get(Office, world.office52.id), second.get(Office, world.office52.id)
        a.name, b.name = "Первый", "Второй"
        first.commit()
        with pytest.raises(StaleDataError):
            second.commit()
    db.session.expire_all()
    assert db.session.get(Office, world.office52.id).name == "Первый"


def test_every_api_blueprint_reads_json_with_the_project_parser(app):
    """A flask_smorest.Blueprint made directly would skip cxflow's JSON clean-up."""
    import flask_smorest

    from cxflow.core.api import Blueprint

    smorest = [bp for bp in app.blueprints.values() if isinstance(bp, flask_smorest.Blueprint)]
    assert smorest and all(isinstance(bp, Blueprint) for bp in smorest)
