"""The CX cycle page: the stage diagram, the checklist of what is missing, moving the stage."""

from cxflow.core.extensions import db
from tests import factories
from tests.helpers import at_stage


def _page(client, pilot):
    response = client.get(f"/pilots/{pilot.id}/cycle")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_checklist_says_what_is_missing_and_advance_explains_a_refusal(
    world, client, auth, pilot
):
    auth.login(world.regional_coordinator, language="en")
    page = _page(client, pilot)
    assert 'aria-current="step"' in page and page.count('class="cycle-step ') == 9
    assert "At least one working-group member (now 0) — <strong>not yet</strong>" in page
    response = client.post(f"/pilots/{pilot.id}/cycle/transitions", data={"event": "advance"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cannot Go to the next stage yet" in page and "member (now 0)" in page

    factories.MemberFactory(pilot=pilot)
    factories.DeliverableFactory(pilot=pilot, kind="order", title="Приказ")
    db.session.commit()
    assert "member (now 1) — <strong>done</strong>" in _page(client, pilot)
    client.post(f"/pilots/{pilot.id}/cycle/transitions", data={"event": "advance"})
    page = _page(client, pilot)
    assert "Now: Target group and KPIs" in page
    assert "Working group</td><td>Target group and KPIs" in page  # the history row


def test_step_back_with_a_reason_through_the_page(world, client, auth, pilot):
    at_stage(pilot, "journey")
    auth.login(world.regional_coordinator, language="en")
    response = client.post(
        f"/pilots/{pilot.id}/cycle/transitions", data={"event": "step_back", "comment": ""}
    )
    assert "Say why" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post(
        f"/pilots/{pilot.id}/cycle/transitions",
        data={"event": "step_back", "comment": "Портрет уточняется"},
    )
    page = _page(client, pilot)
    assert "Now: Client profile" in page and "Портрет уточняется" in page


def test_members_and_managers_see_the_cycle_but_cannot_move_it(world, client, auth, pilot):
    for user in (world.working_group_member, world.manager):
        auth.login(user)
        page = _page(client, pilot)
        assert 'name="event"' not in page
        response = client.post(f"/pilots/{pilot.id}/cycle/transitions", data={"event": "advance"})
        assert response.status_code == 403


def test_another_regions_cycle_is_not_found(world, client, auth, pilot):
    auth.login(world.coordinator74)
    assert client.get(f"/pilots/{pilot.id}/cycle").status_code == 404
    response = client.post(f"/pilots/{pilot.id}/cycle/transitions", data={"event": "advance"})
    assert response.status_code == 404


def test_a_second_click_on_a_stale_page_moves_nothing(world, client, auth, pilot):
    factories.ProfileFactory(pilot=pilot)
    factories.PainPointFactory(stage__journey__pilot=pilot)
    at_stage(pilot, "profile")
    auth.login(world.regional_coordinator, language="en")
    url = f"/pilots/{pilot.id}/cycle/transitions"
    client.post(url, data={"event": "advance", "stage": "profile"})
    response = client.post(url, data={"event": "advance", "stage": "profile"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The stage has changed meanwhile" in page and "Now: Client journey" in page
