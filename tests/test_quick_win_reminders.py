"""Quick wins as a deadline source: their owner is reminded before and on the due day and finds
them in the overdue digest; managers see them in the weekly digest (functions called directly,
no broker)."""

import datetime as dt

import pytest

from cxflow.notifications import reminders
from tests import factories
from tests.helpers import FRIDAY, TUESDAY, clock_at, inbox, make_activity, quick_win


@pytest.fixture
def pilot(pilots):
    return pilots[0]  # region 52's, named in the messages


def test_quick_win_owner_is_reminded_ahead_and_on_the_day(world, pilot):
    member = world.working_group_member
    text = "Вкладка «Услуги для лиц с инвалидностью»"
    win = quick_win(pilot, FRIDAY, owner_user=member, solution=text)
    quick_win(pilot, FRIDAY, owner_user=member, tier="long_term")  # only quick wins are reminded
    quick_win(pilot, FRIDAY, owner_user=member, status="done")
    quick_win(pilot, FRIDAY, owner_user=member, status="cancelled")
    quick_win(pilot, FRIDAY)  # nobody to remind
    assert reminders.deadline_reminders(clock_at(TUESDAY)) == 1
    assert reminders.deadline_reminders(clock_at(TUESDAY)) == 0
    assert reminders.deadline_reminders(clock_at(FRIDAY)) == 1
    ahead, today = inbox(member)
    assert [ahead.dedup_key, today.dedup_key] == [
        f"reminder:quick_win:{win.id}:2026-03-20:ahead",
        f"reminder:quick_win:{win.id}:2026-03-20:today",
    ]
    assert ahead.link == f"/solutions/{win.id}"
    assert "Вкладка «Услуги для лиц с инвалидностью» (Сопровождение инвалидов)" in ahead.title
    assert "20.03.2026" in ahead.body


def test_a_long_solution_is_shortened_in_the_message(world, pilot):
    text = "Разместить на сайте ЦЗН " + "очень подробную информацию " * 10
    quick_win(pilot, FRIDAY, owner_user=world.working_group_member, solution=text)
    assert reminders.deadline_reminders(clock_at(FRIDAY)) == 1
    (notice,) = inbox(world.working_group_member)
    label = notice.title.split(": ", 1)[1]
    assert label.endswith("… (Сопровождение инвалидов)")
    assert len(label.split(" (")[0]) <= 80


def test_overdue_quick_wins_join_the_owners_digest(world, pilot):
    member = world.working_group_member
    quick_win(pilot, dt.date(2026, 3, 2), owner_user=member, solution="Табличка у входа")
    quick_win(pilot, TUESDAY, owner_user=member, solution="Срок сегодня")  # due today: not overdue
    make_activity(world.r52, member, dt.date(2026, 3, 5), title="Провести опрос")
    assert reminders.overdue_digests(clock_at(TUESDAY)) == 1
    (digest,) = inbox(member)
    assert "Табличка у входа" in digest.body and "Провести опрос" in digest.body
    assert "Срок сегодня" not in digest.body
    assert digest.title.endswith("2")


def test_quick_win_owner_in_another_region_is_not_reminded(world, pilot):
    moved = factories.UserFactory(region=world.r74)
    quick_win(pilot, dt.date(2026, 3, 2), owner_user=moved)
    quick_win(pilot, FRIDAY, owner_user=moved)
    assert reminders.overdue_digests(clock_at(TUESDAY)) == 0
    assert reminders.deadline_reminders(clock_at(FRIDAY)) == 0


def test_managers_digest_lists_the_regions_overdue_quick_wins(world, pilots):
    p52, p74 = pilots
    quick_win(p52, dt.date(2026, 3, 2), solution="Своя быстрая победа")
    quick_win(p74, dt.date(2026, 3, 2), solution="Чужая быстрая победа")
    assert reminders.manager_digests(clock_at(dt.date(2026, 3, 9))) == 1
    (digest,) = inbox(world.manager)
    assert "Своя быстрая победа" in digest.body and "Чужая" not in digest.body
