"""The service catalogue: loaded from its data file (idempotent), shown and served."""

import sqlalchemy as sa

from cxflow.catalogue.models import CatalogueEntry
from cxflow.catalogue.services import load_catalogue, service_options
from cxflow.core.extensions import db

SMALL = """
[[public_service]]
key = "job-search"
title = "Содействие гражданам в поиске подходящей работы"
audience = "citizens"
source = "seed 000 Part 2"

[[public_service.complex]]
title = "Подбор подходящей работы в рамках поиска с признанием безработным"
model_stage = "service_as_complex"
mode = "result_and_process"

[[public_service.service]]
title = "Мое резюме"
model_stage = "service_as_complex"
mode = "result_only"

[[public_service.service]]
title = "Мое резюме"
model_stage = "complex_of_services"
mode = "result_and_process"
release = 1
release_note = "Внедрение сервиса в первом релизе ЦМП"
"""


def test_loading_twice_adds_nothing_and_keeps_the_order(app, tmp_path):
    path = tmp_path / "services.toml"
    path.write_text(SMALL, encoding="utf-8")
    assert load_catalogue(path) == 4
    db.session.commit()
    assert load_catalogue(path) == 0
    assert db.session.scalar(sa.select(sa.func.count(CatalogueEntry.id))) == 4
    titles = [title for _, title in service_options()]
    assert titles == [
        "Содействие гражданам в поиске подходящей работы",
        "Содействие гражданам в поиске подходящей работы — Мое резюме",
        "Содействие гражданам в поиске подходящей работы — Мое резюме",
    ]


def test_the_shipped_catalogue_holds_the_seed_000_services(app):
    assert load_catalogue() > 0
    services = db.session.scalars(
        sa.select(CatalogueEntry).where(CatalogueEntry.kind == "public_service")
    ).all()
    titles = " ".join(s.title for s in services)
    assert "поиске подходящей работы" in titles and "подборе" in titles
    assert all(s.source for s in services)  # every line cites its source


def test_page_and_api_list_the_catalogue(world, app, client, auth, api, tmp_path):
    path = tmp_path / "services.toml"
    path.write_text(SMALL, encoding="utf-8")
    load_catalogue(path)
    db.session.commit()
    auth.login(world.manager)
    page = client.get("/catalogue/").get_data(as_text=True)
    assert "Мое резюме" in page and "Внедрение сервиса в первом релизе ЦМП" in page
    body = api.as_(world.manager).get("/api/v1/catalogue").json
    assert body["total"] == 1
    children = body["items"][0]["children"]
    assert [c["kind"] for c in children] == ["complex", "service", "service"]
    assert children[2]["release"] == 1 and children[2]["model_stage"] == "complex_of_services"
