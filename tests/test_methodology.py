"""Methodology as versioned data: documents with key and version, the table of versions in use,
a version whose file changed without a new number refused, a pilot keeping its template version."""

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from cxflow.core import methodology
from cxflow.core.extensions import db
from cxflow.methodology import services
from cxflow.methodology.models import MethodologyVersion
from cxflow.pilots import services as pilots
from cxflow.roadmaps.models import Activity


def test_every_roadmap_template_is_a_versioned_document():
    documents = methodology.documents("roadmaps")
    assert set(documents) == {"culture-2021", "cx-system", "index-2022", "journey-2021"}
    for document in documents.values():
        assert document.version >= 1 and document.title and len(document.sha256) == 64


def test_recording_the_versions_is_idempotent(app):
    first = services.record_all()
    db.session.commit()
    assert {(r.kind, r.key, r.version) for r in first} >= {("roadmaps", "cx-system", 2)}
    assert services.record_all() == []
    assert db.session.scalar(sa.select(sa.func.count(MethodologyVersion.id))) == len(first)


def test_a_file_changed_without_a_new_version_is_refused(app):
    document = methodology.documents("roadmaps")["cx-system"]
    services.record(document)
    edited = dataclasses.replace(document, sha256="0" * 64)
    with pytest.raises(services.ChangedWithoutNewVersion, match="cx-system"):
        services.record(edited)
    services.record(dataclasses.replace(edited, version=document.version + 1))  # a new version
    versions = [r.version for r in services.versions() if r.key == "cx-system"]
    assert versions == [document.version + 1, document.version]  # newest first, old one kept


def test_a_pilot_keeps_the_template_version_it_was_made_from(app, world):
    pilot = pilots.create_pilot(
        world.admin,
        region_id=world.r52.id,
        direction="cx_system",
        title="Система управления клиентским опытом",
        template="cx-system",
        start_date=dt.date(2027, 1, 11),
    )
    db.session.commit()
    assert (pilot.template_key, pilot.template_version) == ("cx-system", 2)
    assert db.session.scalar(sa.select(sa.func.count(Activity.id)).filter_by(pilot_id=pilot.id))
    row = db.session.scalar(sa.select(MethodologyVersion).filter_by(key="cx-system"))
    assert row.version == 2 and services.is_current(row)


def test_the_admin_page_lists_the_versions(app, world, client, auth):
    services.record_all()
    db.session.commit()
    auth.login(world.admin)
    page = client.get("/admin/methodology/")
    assert page.status_code == 200
    assert "journey-2021" in page.text and "index-2022" in page.text
    auth.logout()
    auth.login(world.working_group_member)
    assert client.get("/admin/methodology/").status_code == 403


def test_the_cli_records_the_versions(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["cxflow", "load-methodology"])
    assert first.exit_code == 0 and "roadmaps/cx-system v2" in first.output
    second = runner.invoke(args=["cxflow", "load-methodology"])
    assert second.exit_code == 0 and second.output.strip().endswith("none")


def test_the_api_lists_every_version_and_the_one_in_force(app, world, api):
    services.record_all()
    document = methodology.documents("index")["indicators-2022"]
    services.record(dataclasses.replace(document, version=document.version + 1, sha256="1" * 64))
    db.session.commit()
    body = api.as_(world.manager).get("/api/v1/methodology/versions").json
    rows = [(i["kind"], i["key"], i["version"], i["in_force"]) for i in body["items"]]
    assert ("roadmaps", "cx-system", 2, True) in rows
    assert [r for r in rows if r[1] == "indicators-2022"] == [
        ("index", "indicators-2022", document.version + 1, False),  # recorded, not the file's
        ("index", "indicators-2022", document.version, True),
    ]
    assert body["total"] == len(rows) and body["items"][0]["published_at"]
