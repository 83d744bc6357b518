"""The managing office of a region (issue #16, seed 002 remarks #1, #35, #47): shown and set
through the offices API and the office form; marking one unmarks the region's previous one in
the same transaction; the pages say «управляющий ЦЗН»."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from cxflow.core.extensions import db
from cxflow.orgs.models import Office
from tests import factories
from tests.helpers import error_fields, page_html, page_text


def managing(region) -> list[str]:
    db.session.expire_all()
    stmt = sa.select(Office.name).where(Office.region_id == region.id, Office.is_managing_office)
    return list(db.session.scalars(stmt))


def test_the_api_shows_sets_and_moves_the_mark(world, api):
    api.as_(world.regional_coordinator)
    body = api.get(f"/api/v1/offices/{world.office52.id}").json
    assert body["is_managing_office"] is False
    response = api.patch(
        f"/api/v1/offices/{world.office52.id}",
        json={"is_managing_office": True, "version": body["version"]},
    )
    assert response.status_code == 200 and response.json["is_managing_office"] is True
    assert managing(world.r52) == ["ЦЗН Нижнего Новгорода"]
    # a new office marked as managing takes the mark over in the same request
    created = api.post(
        "/api/v1/offices",
        json={"region_id": world.r52.id, "name": "ЦЗН Сергача", "is_managing_office": True},
    )
    assert created.status_code == 201 and created.json["is_managing_office"] is True
    assert managing(world.r52) == ["ЦЗН Сергача"]
    first = api.get(f"/api/v1/offices/{world.office52.id}").json
    assert first["is_managing_office"] is False and first["version"] == body["version"] + 2
    # and back by a PATCH of the first one
    api.patch(
        f"/api/v1/offices/{world.office52.id}",
        json={"is_managing_office": True, "version": first["version"]},
    )
    assert managing(world.r52) == ["ЦЗН Нижнего Новгорода"]
    # another region's mark is left alone
    world.office74.is_managing_office = True
    db.session.commit()
    api.as_(world.admin).patch(
        f"/api/v1/offices/{world.office52.id}",
        json={"is_managing_office": False, "version": first["version"] + 1},
    )
    assert managing(world.r52) == [] and managing(world.r74) == ["ЦЗН Челябинска"]


def test_a_new_office_is_not_managing_unless_asked(world, api):
    created = api.as_(world.admin).post(
        "/api/v1/offices", json={"region_id": world.r52.id, "name": "ЦЗН Павлово"}
    )
    assert created.json["is_managing_office"] is False


def test_the_mark_must_be_true_or_false_and_members_may_not_set_it(world, api):
    version = world.office52.version
    fields = error_fields(
        api.as_(world.regional_coordinator).patch(
            f"/api/v1/offices/{world.office52.id}",
            json={"is_managing_office": "perhaps", "version": version},
        )
    )
    assert "is_managing_office" in fields
    response = api.as_(world.working_group_member).patch(
        f"/api/v1/offices/{world.office52.id}",
        json={"is_managing_office": True, "version": version},
    )
    assert response.status_code == 403
    assert managing(world.r52) == []


def test_the_office_form_marks_it_and_the_pages_say_so(world, client, auth):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача", is_managing_office=True)
    db.session.commit()
    auth.login(world.regional_coordinator)
    form = page_html(client, f"/offices/{world.office52.id}/edit")
    assert 'name="is_managing_office"' in form
    response = client.post(
        f"/offices/{world.office52.id}/edit",
        data={
            "name": world.office52.name,
            "address": "",
            "opening_hours": "",
            "is_managing_office": "y",
            "version": world.office52.version,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert managing(world.r52) == ["ЦЗН Нижнего Новгорода"]
    assert second.is_managing_office is False
    auth.login(world.regional_coordinator, language="ru")
    office = page_text(page_html(client, f"/offices/{world.office52.id}"))
    assert "управляющий ЦЗН" in office
    region = page_text(page_html(client, f"/regions/{world.r52.id}"))
    assert "ЦЗН Нижнего Новгорода управляющий ЦЗН" in region
    listing = page_text(page_html(client, "/offices"))
    assert listing.count("управляющий ЦЗН") == 1


def test_the_database_keeps_one_managing_office_per_region(world):
    world.office52.is_managing_office = True
    db.session.commit()
    with pytest.raises(IntegrityError):  # the factory writes the row at once
        factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача", is_managing_office=True)
        db.session.flush()
    db.session.rollback()
    assert managing(world.r52) == ["ЦЗН Нижнего Новгорода"]
