"""Checklists missing as a period ends (issue #16): the region's coordinators are told which
offices have not filled which chosen indicators, once a day, by the daily task."""

import datetime as dt

import sqlalchemy as sa

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.index.services import checklists, periods
from cxflow.index.services.checklists import ItemInput
from cxflow.index.services.reminders import remind_unfilled
from cxflow.index.tasks import send_checklist_reminders
from cxflow.notifications.models import Notification
from tests import factories

TODAY = dt.date(2022, 5, 3)


def on(day):
    return lambda _zone: day


def notes(user):
    stmt = sa.select(Notification).filter_by(user_id=user.id, kind="index_checklists")
    return list(db.session.scalars(stmt))


def test_coordinators_hear_of_missing_checklists_three_days_before_the_end(world):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    world.office52.is_managing_office = True
    period = periods.choose(
        world.r52, dt.date(2022, 4, 25), dt.date(2022, 5, 6), ["quick_response", "multichannel"]
    )
    item = ItemInput("statistics", True)
    checklists.save(world.office52, period, "quick_response", [item], None, world.admin)
    db.session.commit()

    assert remind_unfilled(on(dt.date(2022, 5, 2))) == 0  # four days before: not yet
    assert remind_unfilled(on(TODAY)) == 1
    (note,) = notes(world.regional_coordinator)
    assert "06.05.2022" in note.title
    # the managing office lacks multichannel; Sergach lacks quick_response only (multichannel
    # is filled once per region, at the managing office)
    assert note.body.splitlines() == [
        "ЦЗН Нижнего Новгорода: Многоканальность и омниканальность взаимодействия",
        f"{second.name}: Быстрое реагирование на запрос клиента",
    ]
    assert remind_unfilled(on(TODAY)) == 0  # once a day
    assert notes(world.coordinator74) == []  # other regions' coordinators hear nothing


def test_nothing_when_every_chosen_checklist_is_filled(world):
    period = periods.choose(world.r52, dt.date(2022, 4, 25), dt.date(2022, 5, 6), ["transport"])
    items = [ItemInput("stops_access", True, "https://czn52.ru/stops")]
    checklists.save(world.office52, period, "transport", items, None, world.admin)
    db.session.commit()
    assert remind_unfilled(on(TODAY)) == 0


def test_the_daily_task_runs_eagerly_and_is_scheduled(app, world):
    periods.choose(world.r52, dt.date(2022, 4, 25), region_end(world), ["transport"])
    db.session.commit()
    assert send_checklist_reminders.delay().get() == 1
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["send-index-checklist-reminders"]["task"] == send_checklist_reminders.name


def region_end(world):
    return region_today(world.r52.timezone) + dt.timedelta(days=1)
