"""The region's maturity page: level, what the next level needs, controls by block with their
state and measured values, transition buttons, a control's history."""

import io

from cxflow.core.extensions import db
from tests import factories
from tests.helpers import page_html, page_text
from tests.maturity.levels_setup import control, meet, set_control


def page(region):
    return f"/regions/{region.id}/maturity"


def test_a_coordinator_of_a_region_with_no_data_sees_level_0_and_what_level_I_needs(
    client, auth, world
):
    auth.login(world.regional_coordinator)
    index = client.get("/maturity")
    assert index.status_code == 302 and index.headers["Location"].endswith(page(world.r52))
    html = page_html(client, page(world.r52))
    text = page_text(html)
    assert 'href="/maturity"' in html  # the navigation entry
    assert "Уровень: 0 (ниже уровня I)" in text
    assert "Зона ближайшего развития: что нужно для уровня I" in text
    for number in ("1", "2", "3", "4", "5", "6", "10", "13", "14", "14.1"):
        assert f'name="activities" value="{number}"' in html
    assert 'name="activities" value="7"' not in html  # level II's, not the next level's
    assert "seed 004" in text


def test_a_federal_consultant_chooses_a_region(client, auth, world):
    auth.login(world.federal_consultant)
    text = page_text(page_html(client, "/maturity"))
    assert world.r52.name in text and world.r74.name in text


def test_operate_through_the_page_with_a_link(client, auth, world):
    auth.login(world.regional_coordinator)
    url = f"{page(world.r52)}/controls/1/transitions"
    refused = client.post(url, data={"event": "operate", "version": "0"})
    assert refused.status_code == 302
    assert control(world.r52, "1") is None
    flashed = page_text(page_html(client, page(world.r52)))
    assert "https://" in flashed  # the blocker names what evidence is needed
    done = client.post(
        url, data={"event": "operate", "version": "0", "evidence_url": "https://e.org/1.pdf"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert control(world.r52, "1").status == "operating"


def test_operate_through_the_page_with_a_file_and_read_the_history(client, auth, world):
    auth.login(world.regional_coordinator)
    url = f"{page(world.r52)}/controls/13/transitions"
    response = client.post(
        url,
        data={
            "event": "operate",
            "version": "0",
            "evidence_file": (io.BytesIO(b"%PDF-1"), "Код.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert control(world.r52, "13").evidence_name == "Код.pdf"
    history = page_text(page_html(client, f"{page(world.r52)}/controls/13"))
    assert "Код.pdf" in history


def test_office_controls_on_the_page(client, auth, world):
    auth.login(world.regional_coordinator)
    response = client.post(
        f"{page(world.r52)}/controls/3/transitions",
        data={"event": "develop", "version": "0", "office_id": str(world.office52.id)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert control(world.r52, "3", world.office52).status == "in_development"
    html = page_html(client, f"{page(world.r52)}/controls/3?office_id={world.office52.id}")
    assert world.office52.name in page_text(html)


def test_the_level_rises_on_the_page(client, auth, world):
    meet(world.r52, 2)
    auth.login(world.regional_coordinator)
    html = page_html(client, page(world.r52))
    assert 'name="activities" value="8"' in html  # level III's zone: item 8 (L67)


def test_a_manager_sees_no_buttons_and_another_region_is_404(client, auth, world):
    auth.login(world.manager)
    html = page_html(client, page(world.r52))
    assert 'name="event"' not in html and 'name="activities"' not in html
    assert (
        client.post(
            f"{page(world.r52)}/controls/1/transitions", data={"event": "develop", "version": "0"}
        ).status_code
        == 403
    )
    auth.logout()
    auth.login(world.coordinator74)
    page_html(client, page(world.r52), status=404)
    page_html(client, f"{page(world.r52)}/controls/1", status=404)


def test_the_region_page_and_api_run_the_same_queries_for_few_and_many_offices(
    client, auth, world, api, query_counts
):
    """A snapshot reads the controls of every office in a fixed number of queries, and reading
    the page does not commit (a commit would expire every control: a query each)."""
    auth.login(world.regional_coordinator)

    def grow(n):
        for _ in range(n):
            office = factories.OfficeFactory(region=world.r52)
            for number in ("3", "4", "7"):
                set_control(world.r52, number, "operating", office)
        db.session.commit()

    client.get(page(world.r52))  # the first reading records level 0 (one commit, once)
    urls = [page(world.r52)]
    small, large = query_counts(client.get, urls, grow, growth=(2, 12))
    assert large == small
    api.as_(world.regional_coordinator)
    small, large = query_counts(
        api.get, [f"/api/v1/regions/{world.r52.id}/maturity"], grow, growth=(2, 12)
    )
    assert large == small
