"""The solution map pages: add a row, edit it in place in the table, deliver it, measure the
effect; errors at their field with nothing saved; query counts; scoping."""

import datetime as dt

import pytest
import sqlalchemy as sa

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.solutions.models import Solution
from tests import factories
from tests.helpers import before_and_after, page_html


@pytest.fixture
def stage(stage):
    factories.PainPointFactory(stage=stage, description="Мелкий шрифт на стендах")
    db.session.commit()
    return stage


def _row(stage, **extra) -> dict:
    return {
        "stage_id": stage.id,
        "pain_point_id": stage.pain_points[0].id,
        "solution": "Крупный шрифт на стендах",
        "planned_result": "Информация читается",
        "owner": "Отдел по работе с клиентами",
        "due_date": "2026-12-15",
        "tier": "quick_win",
    } | extra


def test_a_member_builds_the_map_in_the_table(world, client, auth, stage):
    auth.login(world.working_group_member, language="en")
    url = f"/pilots/{stage.pilot_id}/solutions"
    page = page_html(client, url)
    assert "No solutions yet." in page and "Add a row to the map" in page
    response = client.post(url, data=_row(stage))
    assert response.status_code == 302
    solution = db.session.scalars(sa.select(Solution)).one()
    page = page_html(client, url)
    assert "Крупный шрифт на стендах" in page and "Мелкий шрифт на стендах" in page
    assert "quick win" in page and "15.12.2026" in page

    edit = page_html(client, f"{url}?edit={solution.id}")
    assert "Edit row 1" in edit and 'id="edit-solution"' in edit
    response = client.post(
        f"/solutions/{solution.id}/edit",
        data={f"edit-{k}": v for k, v in _row(stage, owner="Отдел ИТ").items()}
        | {"edit-version": solution.version},
    )
    assert response.status_code == 302
    db.session.refresh(solution)
    assert solution.owner == "Отдел ИТ"


def test_errors_are_shown_at_their_field_and_nothing_is_saved(world, client, auth, stage):
    auth.login(world.regional_coordinator, language="en")
    url = f"/pilots/{stage.pilot_id}/solutions"
    response = client.post(url, data=_row(stage, due_date="2026-08-01", solution=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The date cannot be before the pilot starts (01.09.2026)." in page
    assert 'id="due_date-error"' in page and 'id="solution-error"' in page
    assert db.session.scalar(sa.select(sa.func.count(Solution.id))) == 0


def test_a_stale_edit_is_a_conflict(world, client, auth, stage):
    auth.login(world.regional_coordinator, language="en")
    client.post(f"/pilots/{stage.pilot_id}/solutions", data=_row(stage))
    solution = db.session.scalars(sa.select(Solution)).one()
    data = {f"edit-{k}": v for k, v in _row(stage).items()}
    client.post(
        f"/solutions/{solution.id}/edit", data=data | {"edit-owner": "Y", "edit-version": 1}
    )
    response = client.post(
        f"/solutions/{solution.id}/edit", data=data | {"edit-owner": "X", "edit-version": 1}
    )
    assert response.status_code == 422
    assert "changed by someone else" in response.get_data(as_text=True)


def test_deliver_and_see_the_effect(world, client, auth, stage):
    auth.login(world.regional_coordinator, language="en")
    after_period = (dt.date(2026, 10, 20), dt.date(2026, 11, 10))
    before, after = before_and_after(stage, 61.0, 72.0, after_period, sample_sizes=(45, 50))
    client.post(f"/pilots/{stage.pilot_id}/solutions", data=_row(stage))
    solution = db.session.scalars(sa.select(Solution)).one()
    client.post(f"/solutions/{solution.id}/transitions", data={"event": "start"})
    client.post(
        f"/solutions/{solution.id}/transitions?back=detail",
        data={"event": "complete", "done_on": "2026-10-15"},
    )
    db.session.refresh(solution)
    assert solution.status == "done" and solution.done_on == dt.date(2026, 10, 15)
    response = client.post(
        f"/solutions/{solution.id}",
        data={
            "before_measurement_id": before.id,
            "after_measurement_id": after.id,
            "version": solution.version,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = page_html(client, f"/solutions/{solution.id}")
    assert "n = 45" in page and "n = 50" in page
    assert "improved" in page and "(+11 points of 100)" in page
    assert "Not started → In progress" not in page  # titles are the workflow's
    assert "planned → in progress" in page and "in progress → done" in page
    assert "Effect: <strong>effective</strong>" in page_html(
        client, f"/pilots/{stage.pilot_id}/solutions"
    )


def test_overdue_rows_are_marked(world, client, auth, stage):
    today = region_today(world.r52.timezone)
    factories.SolutionFactory(
        pilot=stage.journey.pilot, stage=stage, due_date=today - dt.timedelta(days=1)
    )
    factories.SolutionFactory(pilot=stage.journey.pilot, stage=stage, due_date=today)
    db.session.commit()
    auth.login(world.manager, language="en")
    page = page_html(client, f"/pilots/{stage.pilot_id}/solutions")
    assert page.count(">overdue<") == 1 and "overdue: 1" in page
    assert "Add a row to the map" not in page and "Mark delivered" not in page  # read-only


def test_other_regions_see_nothing(world, client, auth, stage):
    solution = factories.SolutionFactory(pilot=stage.journey.pilot, stage=stage)
    db.session.commit()
    auth.login(world.coordinator74)
    assert client.get(f"/pilots/{stage.pilot_id}/solutions").status_code == 404
    assert client.get(f"/solutions/{solution.id}").status_code == 404
    assert client.post(f"/solutions/{solution.id}/delete").status_code == 404


def test_the_map_page_queries_do_not_grow_with_rows(world, client, auth, stage, query_counts):
    auth.login(world.regional_coordinator)
    pilot = stage.journey.pilot

    def grow(n):
        for _ in range(n):
            factories.SolutionFactory(pilot=pilot, stage=stage, pain_point=stage.pain_points[0])
        db.session.commit()

    few, many = query_counts(client.get, [f"/pilots/{pilot.id}/solutions"], grow, growth=(1, 15))
    assert many == few


def test_the_coordinator_publishes_from_the_solution_page(world, client, auth, stage):
    solution = factories.SolutionFactory(
        pilot=stage.journey.pilot, stage=stage, pain_point=stage.pain_points[0]
    )
    db.session.commit()
    auth.login(world.regional_coordinator, language="en")
    page = page_html(client, f"/solutions/{solution.id}")
    assert f"/pain-points/{stage.pain_points[0].id}/similar" in page
    response = client.post(
        f"/knowledge-bank/{solution.id}/publish",
        data={
            "version": solution.version,
            "published": "true",
            "next": f"/solutions/{solution.id}",
        },
    )
    assert response.headers["Location"].endswith(f"/solutions/{solution.id}")
    assert "published to every region" in page_html(client, f"/solutions/{solution.id}")
    auth.login(world.working_group_member)
    assert "Publish to every region" not in page_html(client, f"/solutions/{solution.id}")


def test_a_second_click_on_a_stale_page_is_a_conflict(world, client, auth, stage):
    solution = factories.SolutionFactory(pilot=stage.journey.pilot, stage=stage)
    db.session.commit()
    auth.login(world.regional_coordinator, language="en")
    seen = {"event": "start", "version": solution.version}
    client.post(f"/solutions/{solution.id}/transitions", data=seen)
    response = client.post(
        f"/solutions/{solution.id}/transitions",
        data={"event": "complete", "version": seen["version"]},
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "changed by someone else" in page
    db.session.refresh(solution)
    assert solution.status == "in_progress"


def test_a_save_does_not_read_the_map_before_its_redirect(
    world, client, auth, stage, count_queries
):
    auth.login(world.regional_coordinator)
    url, row, pilot = f"/pilots/{stage.pilot_id}/solutions", _row(stage), stage.journey.pilot

    def save() -> int:
        db.session.remove()  # as a new request: nothing cached from the test's own reads
        with count_queries() as counter:
            assert client.post(url, data=row).status_code == 302
        return counter["n"]

    first = save()
    for _ in range(15):
        factories.SolutionFactory(pilot_id=pilot.id, region_id=pilot.region_id)
    db.session.commit()
    assert save() == first
