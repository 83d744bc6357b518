"""Bad input is answered, never a 5xx (issue #18, defects 1, 2 and 13): NUL bytes and lone
surrogates never reach a view, page numbers and ids out of range are a 404 (pages) or a 422
naming the argument (API), a form page is shown only to who may submit it, and overlong text
is refused naming the field, nothing saved. The sweep over every route is
tests/integration/test_bad_input_sweep.py."""

import json

import pytest
import sqlalchemy as sa

from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.orgs.models import Office
from cxflow.pilots.models import Pilot
from cxflow.roadmaps.models import Activity
from tests import factories
from tests.helpers import count_rows, create_pilot, error_fields, page_text

HUGE = "99999999999999999999999"
LONG = "я" * 100_000

# --- defect 1: one cleaning layer for forms, query arguments, JSON and paths ----------------


@pytest.mark.parametrize(
    "url",
    [
        "/consultations/?region_code=%00",
        "/pilots/?direction=%00",
        "/reports/monitoring?direction=%00",
        "/admin/users/?role=%00",
        "/offices?region_id=%00",
        "/knowledge-bank?q=%00&region_code=%00",
        "/quick-wins?owner=%00&region_code=%00",
        "/pilots/?page=%00",
    ],
)
def test_nul_in_a_query_argument_is_dropped(client, auth, world, url):
    auth.login(world.admin)
    assert client.get(url).status_code == 200


def test_nul_in_form_fields_is_dropped(client, auth, world):
    auth.login(world.admin)
    response = client.post(
        "/offices/new",
        data={"region_id": world.r52.id, "name": "ЦЗН\x00 Арзамаса", "address": "ул.\x00 Мира"},
    )
    assert response.status_code == 302
    office = db.session.scalar(sa.select(Office).where(Office.name.like("ЦЗН%Арзамаса")))
    assert (office.name, office.address) == ("ЦЗН Арзамаса", "ул. Мира")


def test_nul_in_the_sign_in_email_is_dropped(client, world):
    response = client.post(
        "/auth/login", data={"email": world.admin.email + "\x00", "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_nul_and_lone_surrogates_in_json_are_cleaned(api, world):
    api.as_(world.regional_coordinator)
    pilot = create_pilot(api, world.r52, title="Пилот\x00 инвалиды")
    assert pilot["title"] == "Пилот инвалиды"
    body = json.dumps({"title": "Пилот \ud800 освободившиеся", "version": pilot["version"]})
    response = api.patch(
        f"/api/v1/pilots/{pilot['id']}", data=body, content_type="application/json"
    )
    assert response.status_code == 200, response.json
    assert response.json["title"] == "Пилот \ufffd освободившиеся"


def test_nul_in_a_path_string_is_not_found(client, auth, world):
    auth.login(world.admin)
    assert client.get("/feeds/ab%00cd.ics").status_code == 404
    assert client.get("/lang/r%00u").status_code in (302, 404)


# --- defect 2: page numbers and ids in query arguments -----------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/pilots/?page={HUGE}",
        f"/consultations/?page={HUGE}",
        f"/admin/users/?page={HUGE}",
        f"/offices?page={HUGE}",
        f"/knowledge-bank?page={HUGE}",
        f"/quick-wins?page={HUGE}",
        "/pilots/?page=0",
        "/pilots/?page=-3",
        "/pilots/?page=abc",
        f"/offices?region_id={HUGE}",
        "/offices?region_id=-1",
        f"/admin/users/?region_id={HUGE}",
        f"/offices/new?region_id={HUGE}",
    ],
)
def test_pages_and_ids_out_of_range_are_not_found(client, auth, world, url):
    auth.login(world.admin)
    assert client.get(url).status_code == 404


def test_a_page_past_the_last_is_not_found_and_the_first_is_there(client, auth, world):
    auth.login(world.admin)
    assert client.get("/offices?page=1").status_code == 200
    assert client.get("/offices").status_code == 200
    assert client.get("/offices?page=").status_code == 200
    assert client.get("/offices?page=7").status_code == 404


@pytest.mark.parametrize("pilot_id", [HUGE, "-" + HUGE, "-1"])
def test_an_id_out_of_range_in_a_form_is_not_found(client, auth, world, pilot_id):
    auth.login(world.regional_coordinator)
    assert client.post("/feeds/", data={"pilot_id": pilot_id}).status_code == 404


@pytest.mark.parametrize(
    "url", ["/api/v1/pilots", "/api/v1/offices", "/api/v1/users", "/api/v1/consultations"]
)
def test_api_pages_out_of_range_name_the_argument(api, world, url):
    api.as_(world.admin)
    assert "page" in error_fields(api.get(f"{url}?page={HUGE}"))


# --- defect 13: form pages for who may submit, text within its limits --------------------------


@pytest.mark.parametrize("role", ["working_group_member", "manager"])
def test_a_form_page_is_forbidden_to_who_cannot_submit_it(client, auth, world, role):
    auth.login(getattr(world, role))
    assert client.get("/offices/new").status_code == 403
    assert client.post("/offices/new", data={"name": "x"}).status_code == 403


def test_overlong_text_is_refused_by_the_api_naming_the_field(api, world):
    api.as_(world.regional_coordinator)
    body = {"region_id": world.r52.id, "direction": "journey", "title": LONG}
    body |= {"start_date": "2026-02-02"}
    assert "title" in error_fields(api.post("/api/v1/pilots", json=body))
    assert count_rows(Pilot) == 0


def test_overlong_text_is_refused_on_the_page_naming_the_field(client, auth, world):
    pilot = factories.PilotFactory(region=world.r52)
    db.session.commit()
    auth.login(world.regional_coordinator)
    response = client.post(
        f"/pilots/{pilot.id}/activities/new",
        data={"title": "Опрос", "kind": "activity", "duration_working_days": "5", "note": LONG},
    )
    assert response.status_code == 422
    assert "20000" in page_text(response.get_data(as_text=True)).replace(" ", "")
    assert count_rows(Activity) == 0


def test_overlong_text_names_the_field_in_the_api_whatever_the_schema_says(api, world):
    pilot = factories.PilotFactory(region=world.r52)
    db.session.commit()
    api.as_(world.regional_coordinator)
    response = api.post(
        f"/api/v1/pilots/{pilot.id}/activities",
        json={"title": "Опрос", "kind": "activity", "duration_working_days": 5, "result": LONG},
    )
    assert "result" in error_fields(response)
    assert count_rows(Activity) == 0


def test_every_write_is_checked_whoever_makes_it(world):
    """The limit holds below the forms and schemas too (services, imports, the CLI): a
    ValidationError naming the attribute, nothing flushed."""
    pilot = factories.PilotFactory(region=world.r52)
    db.session.commit()
    with pytest.raises(ValidationError) as refused:
        factories.ActivityFactory(pilot=pilot, note=LONG, responsible="x" * 301)
        db.session.commit()
    db.session.rollback()
    assert set(refused.value.fields) == {"note", "responsible"}
    assert refused.value.fields["note"] == ["note: не более 20000 символов."]
    assert count_rows(Activity) == 0
