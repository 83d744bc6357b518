"""Issue #18 defect 4: a change to an object's own collections (a pilot's offices and phases)
bumps its version, so a save made on a copy read before it is a conflict and restores nothing."""

import sqlalchemy as sa

from cxflow.core.db import VersionedMixin, own_collections
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from tests import factories
from tests.helpers import create_pilot


def _form(pilot: Pilot, **fields) -> dict:
    """The pilot's edit form as the page sends it, without phases."""
    data = {
        "title": pilot.title,
        "target_group": pilot.target_group,
        "service": pilot.service,
        "end_date": "",
        "order_number": "",
        "order_date": "",
        "office_ids": [o.id for o in pilot.offices],
        "results_remarks": "",
        "results_effects": "",
        "version": pilot.version,
    }
    for kind in ("preparatory", "main", "final"):
        data |= {f"{kind}_start": "", f"{kind}_end": ""}
    return data | fields


def _office_ids(pilot_id: int) -> list[int]:
    db.session.expire_all()
    return [o.id for o in db.session.get(Pilot, pilot_id).offices]


def test_a_stale_title_save_in_the_page_does_not_restore_the_offices(world, client, auth, pilot):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Дзержинска")
    pilot.offices = [world.office52]
    db.session.commit()
    auth.login(world.regional_coordinator, language="en")
    stale = _form(pilot)  # both forms read now, at the same version
    offices_only = client.post(
        f"/pilots/{pilot.id}/edit", data=_form(pilot, office_ids=[world.office52.id, second.id])
    )
    assert offices_only.status_code == 302
    title_only = client.post(f"/pilots/{pilot.id}/edit", data=stale | {"title": "Новое название"})
    assert title_only.status_code == 422
    assert "changed by someone else" in title_only.get_data(as_text=True)
    assert sorted(_office_ids(pilot.id)) == sorted([world.office52.id, second.id])
    assert db.session.get(Pilot, pilot.id).title != "Новое название"


def test_a_stale_title_save_through_the_api_is_a_conflict(world, api):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Дзержинска")
    db.session.commit()
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    url = f"/api/v1/pilots/{pilot['id']}"
    offices = api.patch(url, json={"office_ids": [second.id], "version": pilot["version"]})
    assert offices.status_code == 200
    assert offices.json["version"] == pilot["version"] + 1
    stale = api.patch(url, json={"title": "Новое название", "version": pilot["version"]})
    assert stale.status_code == 409
    assert _office_ids(pilot["id"]) == [second.id]


def test_changing_only_the_phases_bumps_the_version(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52)
    phases = [{"kind": "preparatory", "start_date": "2026-02-02", "end_date": "2026-03-01"}]
    url = f"/api/v1/pilots/{pilot['id']}"
    changed = api.patch(url, json={"phases": phases, "version": pilot["version"]})
    assert changed.status_code == 200 and changed.json["version"] == pilot["version"] + 1
    stale = api.patch(url, json={"title": "Новое название", "version": pilot["version"]})
    assert stale.status_code == 409


def test_an_unchanged_collection_leaves_the_version(world, pilot):
    pilot.offices = [world.office52]
    db.session.commit()
    version = pilot.version
    pilot.offices = [world.office52]  # the same offices again
    db.session.commit()
    assert pilot.version == version


def test_every_versioned_object_with_link_collections_is_covered():
    """The many-to-many collections the pages edit are the object's own (one mechanism for
    all: pilot offices, consultation regions, profile sources)."""
    covered = {
        (mapper.class_.__name__, key)
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, VersionedMixin)
        for key in own_collections(mapper)
    }
    assert {
        ("Pilot", "offices"),
        ("Pilot", "phases"),
        ("Consultation", "other_regions"),
        ("ClientProfile", "sources"),
    } <= covered
    # Children with a version of their own are guarded by it, not by their parent's.
    assert ("Journey", "stages") not in covered and ("Region", "offices") not in covered


def test_a_changed_link_collection_bumps_in_sql(world, pilot):
    """The bump is a real UPDATE of the row, so a concurrent writer holding the old version
    fails on its own UPDATE (StaleDataError) even if it checked the version before."""
    version = pilot.version
    pilot.offices.append(world.office52)
    db.session.commit()
    stored = db.session.scalar(sa.select(Pilot.version).where(Pilot.id == pilot.id))
    assert stored == version + 1
