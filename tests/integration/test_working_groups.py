"""The working group: the 21-day meeting cadence, one leader, pages for members and meetings
with the signed protocol's file, scoping, permissions and the order's annex 1."""

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.pilots.models import Deliverable, PilotPhase
from cxflow.working_groups import services
from cxflow.working_groups.models import Meeting, Member
from tests import factories
from tests.helpers import page_text


@pytest.fixture(autouse=True)
def english(world):
    """The assertions read the English strings (Russian is the default UI language)."""
    for user in (world.regional_coordinator, world.manager, world.coordinator74):
        user.locale = "en"
    db.session.commit()


def _warnings(pilot, today):
    with force_locale("en"):
        return services.cadence_warnings(pilot, today=today)


def _meetings(pilot, *days: dt.date) -> list[Meeting]:
    meetings = [
        factories.MeetingFactory(pilot=pilot, number=n, held_on=day)
        for n, day in enumerate(days, start=1)
    ]
    db.session.commit()
    return meetings


# --- the 21-day cadence (seed 001 App. 1 item 2.1.9, §1.6) -----------------------------------


@pytest.mark.parametrize(("gap", "warned"), [(21, False), (22, True)])
def test_a_gap_between_meetings_longer_than_21_days_warns(pilot, gap, warned):
    first = dt.date(2026, 9, 3)
    second = first + dt.timedelta(days=gap)
    _meetings(pilot, first, second)
    warnings = _warnings(pilot, second)
    assert bool(warnings) is warned
    if warned:
        assert warnings == [
            "22 days between meeting No. 1 (03.09.2026) and meeting No. 2 (25.09.2026): the "
            "working group meets at least once every 3 weeks (21 days)."
        ]


def test_gaps_follow_the_dates_not_the_numbers(pilot):
    # No. 2 was held before No. 1 (the roadmap's order is not the calendar's, seed 001 App. 3)
    factories.MeetingFactory(pilot=pilot, number=1, held_on=dt.date(2026, 10, 20))
    factories.MeetingFactory(pilot=pilot, number=2, held_on=dt.date(2026, 9, 20))
    db.session.commit()
    warnings = _warnings(pilot, dt.date(2026, 10, 21))
    assert len(warnings) == 1
    assert "No. 2 (20.09.2026) and meeting No. 1 (20.10.2026)" in warnings[0]
    assert warnings[0].startswith("30 days")


@pytest.mark.parametrize(("days", "warned"), [(21, False), (22, True)])
def test_days_since_the_last_meeting(pilot, days, warned):
    _meetings(pilot, dt.date(2026, 9, 5), dt.date(2026, 9, 20))
    today = dt.date(2026, 9, 20) + dt.timedelta(days=days)
    warnings = _warnings(pilot, today)
    assert bool(warnings) is warned
    if warned:
        assert warnings == [
            "22 days since the last meeting, No. 2 of 20.09.2026: hold a meeting at least once "
            "every 3 weeks (21 days)."
        ]


def test_a_planned_meeting_is_not_yet_held(pilot):
    _meetings(pilot, dt.date(2026, 9, 5), dt.date(2026, 10, 1))
    warnings = _warnings(pilot, dt.date(2026, 9, 28))
    assert any("23 days since the last meeting, No. 1 of 05.09.2026" in w for w in warnings)
    assert any(w.startswith("26 days between meeting No. 1") for w in warnings)


@pytest.mark.parametrize(("days", "warned"), [(21, False), (22, True)])
def test_no_meeting_yet_since_the_working_group_was_formed(pilot, days, warned):
    pilot.order_date = dt.date(2026, 9, 10)  # the order that forms the working group
    db.session.commit()
    warnings = _warnings(pilot, pilot.order_date + dt.timedelta(days=days))
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].startswith(
            "No meeting held yet, 22 days since the working group was formed or the main phase "
            "began (10.09.2026)"
        )


def test_the_cadence_starts_with_the_main_phase_not_the_pilots_start(pilot):
    """cxflow's reading of seed 001 App. 1 item 2.1.9: the cadence runs once the working group
    is formed or the main phase begins, whichever comes first, not from the start."""
    assert _warnings(pilot, pilot.start_date + dt.timedelta(days=60)) == []  # nothing formed
    rule = services.cadence(pilot)
    assert rule.days == 21 and rule.starts_on is None
    pilot.phases = [
        PilotPhase(kind="preparatory", start_date=pilot.start_date, end_date=dt.date(2026, 10, 1)),
        PilotPhase(kind="main", start_date=dt.date(2026, 10, 1), end_date=dt.date(2026, 12, 1)),
    ]
    db.session.commit()
    assert services.cadence(pilot).starts_on == dt.date(2026, 10, 1)
    assert _warnings(pilot, dt.date(2026, 10, 22)) == []
    assert _warnings(pilot, dt.date(2026, 10, 23))[0].startswith("No meeting held yet, 22 days")
    pilot.order_date = dt.date(2026, 9, 15)  # formed earlier than the main phase: counts first
    db.session.commit()
    assert services.cadence(pilot).starts_on == dt.date(2026, 9, 15)


def test_the_cadence_applies_where_the_seed_sets_one(world):
    """Only the journey programme (seed 001 App. 1 item 2.1.9) sets a cadence; the index
    programme (seed 002 App. 1) and the cx-system checkpoints (seed 004 §2) do not."""
    for direction in ("index", "cx_system", "culture"):
        pilot = factories.PilotFactory(region=world.r52, direction=direction)
        pilot.order_date = pilot.start_date
        db.session.commit()
        assert services.cadence(pilot) is None
        assert _warnings(pilot, pilot.start_date + dt.timedelta(days=90)) == []


def test_a_closed_pilot_warns_only_about_past_gaps(pilot):
    _meetings(pilot, dt.date(2026, 9, 1), dt.date(2026, 10, 1))
    pilot.stage = "closed"
    db.session.commit()
    warnings = _warnings(pilot, dt.date(2027, 6, 1))
    assert len(warnings) == 1 and warnings[0].startswith("30 days between meeting No. 1")
    empty = factories.PilotFactory(region=pilot.region, start_date=pilot.start_date, stage="closed")
    assert _warnings(empty, dt.date(2027, 6, 1)) == []


def test_the_page_counts_days_by_the_regions_date(world, client, auth, pilot, monkeypatch):
    _meetings(pilot, dt.date(2026, 9, 5))
    asked = []

    def region_today(timezone):
        asked.append(timezone)
        return dt.date(2026, 9, 28)

    monkeypatch.setattr("cxflow.working_groups.views.region_today", region_today)
    auth.login(world.manager)
    page = client.get(f"/pilots/{pilot.id}/working-group").get_data(as_text=True)
    assert asked and set(asked) == {world.r52.timezone}
    assert 'role="status"' in page
    assert "23 days since the last meeting, No. 1 of 05.09.2026" in page


# --- members: one leader, validation ---------------------------------------------------------


def test_marking_a_leader_clears_the_others(world, pilot):
    coordinator = world.regional_coordinator
    first = services.add_member(coordinator, pilot, {"full_name": "Петрова Анна", "is_leader": 1})
    second = services.add_member(
        coordinator, pilot, {"full_name": "Сидоров Иван", "is_leader": True}
    )
    db.session.commit()
    assert (first.is_leader, second.is_leader) == (False, True)
    assert first.version == 2  # the cleared member's version moved on
    third = services.add_member(coordinator, pilot, {"full_name": "Кузнецова Ольга"})
    services.update_member(coordinator, third, {"is_leader": True}, third.version)
    db.session.commit()
    leaders = db.session.scalars(sa.select(Member.full_name).where(Member.is_leader)).all()
    assert leaders == ["Кузнецова Ольга"]
    other_pilot_leader = factories.MemberFactory(is_leader=True)
    services.update_member(coordinator, second, {"is_leader": True}, second.version)
    db.session.commit()
    db.session.refresh(other_pilot_leader)
    assert other_pilot_leader.is_leader  # another pilot's group keeps its leader
    assert services.list_members(coordinator, pilot)[0].full_name == "Сидоров Иван"


def test_member_values_are_validated_before_anything_is_saved(world, pilot):
    with pytest.raises(ValidationError) as caught:
        services.add_member(
            world.regional_coordinator,
            pilot,
            {"full_name": "  ", "email": "not-an-address", "user_id": world.coordinator74.id},
        )
    assert set(caught.value.fields) == {"full_name", "email", "user_id"}
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 0


def test_a_linked_account_is_of_the_pilots_region_and_linked_once(world, pilot):
    coordinator = world.regional_coordinator
    member = services.add_member(
        coordinator,
        pilot,
        {"full_name": "Иванова Мария", "user_id": world.working_group_member.id},
    )
    db.session.commit()
    assert member.user == world.working_group_member
    with pytest.raises(ValidationError) as caught:
        services.add_member(
            coordinator, pilot, {"full_name": "Дубль", "user_id": world.working_group_member.id}
        )
    assert "user_id" in caught.value.fields
    with pytest.raises(ValidationError) as federal:
        services.add_member(coordinator, pilot, {"full_name": "ФЦК", "user_id": world.admin.id})
    assert "user_id" in federal.value.fields


# --- pages -----------------------------------------------------------------------------------


def test_members_through_the_pages(world, client, auth, pilot):
    auth.login(world.regional_coordinator)
    page = client.get(f"/pilots/{pilot.id}/working-group")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "No members yet." in html and 'aria-current="page"' in html
    form = client.get(f"/pilots/{pilot.id}/working-group/members/new").get_data(as_text=True)
    assert 'for="full_name"' in form and 'for="email"' in form
    assert f'value="{world.working_group_member.id}"' in form  # an account of region 52
    assert f'value="{world.coordinator74.id}"' not in form
    data = {
        "full_name": "Петрова Анна",
        "position": "начальник отдела",
        "organisation": "ГУФСИН России по Челябинской области",
        "role": "секретарь",
        "is_leader": "y",
        "is_target_group_representative": "y",
        "phone": "+7 831 000-00-00",
        "email": "not-an-address",
        "user_id": "",
    }
    bad = client.post(f"/pilots/{pilot.id}/working-group/members/new", data=data)
    assert bad.status_code == 422
    bad_html = bad.get_data(as_text=True)
    assert "Enter a valid e-mail address." in bad_html and 'id="email-error"' in bad_html
    data["email"] = "Petrova@Example.org"
    added = client.post(f"/pilots/{pilot.id}/working-group/members/new", data=data)
    assert added.status_code == 302 and added.location.endswith("#members")
    member = db.session.scalar(sa.select(Member))
    assert member.email == "petrova@example.org" and member.region_id == pilot.region_id
    assert member.is_leader and member.is_target_group_representative
    text = page_text(client.get(f"/pilots/{pilot.id}/working-group").get_data(as_text=True))
    assert "Петрова Анна Leader Target group representative" in text
    assert "Delete member Петрова Анна" in text and "Edit member Петрова Анна" in text

    edit_url = f"/working-group/members/{member.id}/edit"
    assert 'value="Петрова Анна"' in client.get(edit_url).get_data(as_text=True)
    saved = client.post(edit_url, data={**data, "email": "", "role": "член", "version": 1})
    assert saved.status_code == 302
    db.session.refresh(member)
    assert (member.role, member.email, member.version) == ("член", "", 2)
    stale = client.post(edit_url, data={**data, "role": "старое", "version": 1})
    assert stale.status_code == 422 and "changed by someone else" in stale.get_data(as_text=True)

    deleted = client.post(f"/working-group/members/{member.id}/delete")
    assert deleted.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 0


def test_meetings_through_the_pages_with_the_protocol_file(
    world, client, auth, pilot, app, tmp_path
):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    _meetings(pilot, dt.date(2026, 9, 3), dt.date(2026, 9, 20))
    auth.login(world.regional_coordinator)
    new_url = f"/pilots/{pilot.id}/working-group/meetings/new"
    form = client.get(new_url).get_data(as_text=True)
    assert re.search(r'id="number"[^>]*value="3"', form)  # the next number is suggested
    assert 'enctype="multipart/form-data"' in form
    data = {
        "number": "2",
        "held_on": "2026-10-10",
        "protocol": "Присутствовали: 9 членов рабочей группы. Рассмотрен портрет клиента.",
        "decisions": "Утвердить портрет клиента.",
    }
    taken = client.post(new_url, data=data)
    assert taken.status_code == 422 and "Meeting No. 2 already exists." in taken.get_data(
        as_text=True
    )
    too_late = client.post(new_url, data={**data, "number": "3", "held_on": "2099-01-01"})
    assert too_late.status_code == 422 and 'id="held_on-error"' in too_late.get_data(as_text=True)
    bad_file = client.post(
        new_url,
        data={**data, "number": "3", "file": (io.BytesIO(b"MZ\x90\x00"), "protocol.pdf")},
        content_type="multipart/form-data",
    )
    assert bad_file.status_code == 422 and 'id="file-error"' in bad_file.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 2  # nothing half-saved
    assert db.session.scalar(sa.select(sa.func.count(Deliverable.id))) == 0
    added = client.post(
        new_url,
        data={
            **data,
            "number": "3",
            "file": (io.BytesIO(b"%PDF-1.4 protocol"), "Протокол РГ №3.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert added.status_code == 302, added.get_data(as_text=True)
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.number == 3))
    deliverable = meeting.deliverable
    assert deliverable.kind == "protocol" and deliverable.pilot_id == pilot.id
    assert deliverable.original_name == "Протокол РГ №3.pdf"
    assert deliverable.title == "Protocol of working group meeting No. 3 of 10.10.2026"
    page = client.get(f"/pilots/{pilot.id}/working-group").get_data(as_text=True)
    assert f'href="/deliverables/{deliverable.id}"' in page
    assert "Delete meeting No. 3" in page_text(page)
    assert client.get(f"/deliverables/{deliverable.id}").data == b"%PDF-1.4 protocol"

    edit_url = f"/working-group/meetings/{meeting.id}/edit"
    assert "Протокол РГ №3.pdf" in client.get(edit_url).get_data(as_text=True)
    edited = client.post(edit_url, data={**data, "number": "4", "version": meeting.version})
    assert edited.status_code == 302
    db.session.refresh(meeting)
    assert meeting.number == 4 and meeting.deliverable_id == deliverable.id
    deleted = client.post(f"/working-group/meetings/{meeting.id}/delete")
    assert deleted.status_code == 302
    assert db.session.get(Meeting, meeting.id) is None
    assert db.session.get(Deliverable, deliverable.id) is not None  # the document stays


def test_another_region_sees_nothing(world, client, auth, pilot):
    member = factories.MemberFactory(pilot=pilot)
    meeting = factories.MeetingFactory(pilot=pilot)
    db.session.commit()
    auth.login(world.coordinator74)
    for url in (
        f"/pilots/{pilot.id}/working-group",
        f"/pilots/{pilot.id}/working-group/members/new",
        f"/pilots/{pilot.id}/working-group/meetings/new",
        f"/working-group/members/{member.id}/edit",
        f"/working-group/meetings/{meeting.id}/edit",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/working-group/members/{member.id}/delete").status_code == 404
    assert client.post(f"/working-group/meetings/{meeting.id}/delete").status_code == 404
    assert db.session.get(Member, member.id) is not None


def test_a_manager_sees_but_may_not_change(world, client, auth, pilot):
    member = factories.MemberFactory(pilot=pilot, full_name="Петрова Анна")
    meeting = factories.MeetingFactory(pilot=pilot)
    db.session.commit()
    auth.login(world.manager)
    page = client.get(f"/pilots/{pilot.id}/working-group").get_data(as_text=True)
    assert "Петрова Анна" in page and "Add a member" not in page and "Delete" not in page
    new_member = f"/pilots/{pilot.id}/working-group/members/new"
    assert client.get(new_member).status_code == 403
    assert client.post(new_member, data={"full_name": "Х"}).status_code == 403
    assert client.get(f"/pilots/{pilot.id}/working-group/meetings/new").status_code == 403
    assert client.post(f"/working-group/members/{member.id}/delete").status_code == 403
    assert client.post(f"/working-group/meetings/{meeting.id}/delete").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 1


def test_the_orders_annex_1_lists_the_members(world, client, auth, pilot):
    auth.login(world.manager)
    empty = client.get(f"/pilots/{pilot.id}/order").get_data(as_text=True)
    assert "Состав рабочей группы" in empty
    factories.MemberFactory(
        pilot=pilot,
        full_name="Сидоров Иван Петрович",
        position="директор",
        organisation="ГКУ ЦЗН г. Нижнего Новгорода",
        role="руководитель рабочей группы",
        is_leader=True,
    )
    factories.MemberFactory(
        pilot=pilot,
        full_name="Кузнецова Ольга",
        position="председатель",
        organisation="НКО «Центр инвалидов»",
        role="эксперт",
        is_target_group_representative=True,
    )
    db.session.commit()
    text = page_text(client.get(f"/pilots/{pilot.id}/order").get_data(as_text=True))
    assert "руководитель рабочей группы; руководитель" not in text  # said once
    assert (
        "1 Сидоров Иван Петрович директор ГКУ ЦЗН г. Нижнего Новгорода "
        "руководитель рабочей группы 2 " in text
    )
    assert "2 Кузнецова Ольга председатель НКО «Центр инвалидов» эксперт; представитель " in text


def test_the_page_runs_the_same_queries_for_2_and_10_rows(world, client, auth, pilot, query_counts):
    def grow(n):
        for _ in range(n):
            factories.MemberFactory(pilot=pilot, user=world.working_group_member)
            protocol = factories.DeliverableFactory(pilot=pilot, url=None)
            factories.MeetingFactory(pilot=pilot, deliverable=protocol)
        db.session.commit()

    auth.login(world.regional_coordinator)
    small, large = query_counts(client.get, [f"/pilots/{pilot.id}/working-group"], grow)
    assert large == small
