"""Quick wins as a deadline source: their owner is reminded before and on the due day and finds
them in the overdue digest; managers see them in the weekly digest (functions called directly,
no broker)."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from cxflow.notifications import reminders
from tests import factories
from tests.test_notifications import FRIDAY, TUESDAY, make_activity, on, rows


@pytest.fixture
def pilot(world):
    pilot = factories.PilotFactory(region=world.r52, title="Сопровождение инвалидов")
    db.session.flush()
    return pilot


def quick(pilot, user, due, **kw):
    solution = factories.SolutionFactory(
        pilot=pilot, owner_user_id=user and user.id, due_date=due, **kw
    )
    db.session.flush()
    return solution


def test_quick_win_owner_is_reminded_ahead_and_on_the_day(world, pilot):
    member = world.working_group_member
    win = quick(pilot, member, FRIDAY, solution="Вкладка «Услуги для лиц с инвалидностью»")
    quick(pilot, member, FRIDAY, tier="long_term")  # only quick wins are reminded
    quick(pilot, member, FRIDAY, status="done")
    quick(pilot, member, FRIDAY, status="cancelled")
    quick(pilot, None, FRIDAY)  # nobody to remind
    assert reminders.deadline_reminders(on(TUESDAY)) == 1
    assert reminders.deadline_reminders(on(TUESDAY)) == 0
    assert reminders.deadline_reminders(on(FRIDAY)) == 1
    ahead, today = rows(member)
    assert [ahead.dedup_key, today.dedup_key] == [
        f"reminder:quick_win:{win.id}:2026-03-20:ahead",
        f"reminder:quick_win:{win.id}:2026-03-20:today",
    ]
    assert ahead.link == f"/solutions/{win.id}"
    assert "Вкладка «Услуги для лиц с инвалидностью» (Сопровождение инвалидов)" in ahead.title
    assert "20.03.2026" in ahead.body


def test_a_long_solution_is_shortened_in_the_message(world, pilot):
    text = "Разместить на сайте ЦЗН " + "очень подробную информацию " * 10
    quick(pilot, world.working_group_member, FRIDAY, solution=text)
    assert reminders.deadline_reminders(on(FRIDAY)) == 1
    (notice,) = rows(world.working_group_member)
    label = notice.title.split(": ", 1)[1]
    assert label.endswith("… (Сопровождение инвалидов)")
    assert len(label.split(" (")[0]) <= 80


def test_overdue_quick_wins_join_the_owners_digest(world, pilot):
    member = world.working_group_member
    quick(pilot, member, dt.date(2026, 3, 2), solution="Табличка у входа")
    quick(pilot, member, TUESDAY, solution="Срок сегодня")  # due today: not overdue
    make_activity(world.r52, member, dt.date(2026, 3, 5), title="Провести опрос")
    assert reminders.overdue_digests(on(TUESDAY)) == 1
    (digest,) = rows(member)
    assert "Табличка у входа" in digest.body and "Провести опрос" in digest.body
    assert "Срок сегодня" not in digest.body
    assert digest.title.endswith("2")


def test_quick_win_owner_in_another_region_is_not_reminded(world, pilot):
    moved = factories.UserFactory(region=world.r74)
    quick(pilot, moved, dt.date(2026, 3, 2))
    quick(pilot, moved, FRIDAY)
    assert reminders.overdue_digests(on(TUESDAY)) == 0
    assert reminders.deadline_reminders(on(FRIDAY)) == 0


def test_managers_digest_lists_the_regions_overdue_quick_wins(world, pilot):
    quick(pilot, None, dt.date(2026, 3, 2), solution="Своя быстрая победа")
    other = factories.PilotFactory(region=world.r74)
    quick(other, None, dt.date(2026, 3, 2), solution="Чужая быстрая победа")
    assert reminders.manager_digests(on(dt.date(2026, 3, 9))) == 1
    (digest,) = rows(world.manager)
    assert "Своя быстрая победа" in digest.body and "Чужая" not in digest.body
