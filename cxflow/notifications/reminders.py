"""Reminders, digests and alerts made by the periodic tasks (cxflow.notifications.tasks).

Every function here only creates notifications through `notify()`; their dedup keys make each
one idempotent per object and day (or week), so a task that runs twice sends nothing twice.
The caller commits.

Deadlines come from the `DeadlineSource`s that domains contribute (cxflow.core.modules):
roadmap lines, quick wins.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from cxflow.calendar.services import add_working_days, is_working_day
from cxflow.core import access
from cxflow.core.clock import region_today, today_by_region
from cxflow.core.extensions import db
from cxflow.core.modules import contributions
from cxflow.notifications.services import notify
from cxflow.orgs.services import region_dates
from cxflow.users.models import Role, User

log = logging.getLogger(__name__)

TodayFor = Callable[[str], dt.date]  # a time zone name -> today's date there


@dataclass(frozen=True)
class DeadlineSource:
    """Objects with `id`, `region_id`, `due_date`, `responsible_user_id` and
    `responsible_user` that are reminded of and listed in digests when overdue."""

    name: str  # in dedup keys: "reminder:<name>:<id>:<due>:ahead"
    model: Any
    open_clause: Callable[[], sa.ColumnElement]  # not done, not cancelled, has a deadline
    label: Callable[[Any], str]  # one line naming the object in a message
    link: Callable[[Any], str]  # a path in the app
    load: tuple = ()  # loader options for `label`


def deadline_sources() -> list[DeadlineSource]:
    """The kinds of deadlines the domains contribute (roadmap lines, quick wins…)."""
    return contributions("deadline_sources")


def default_timezone() -> str:
    return current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Moscow")


def _user_today(user: User, today_for: TodayFor) -> dt.date:
    return today_for(user.region.timezone if user.region else default_timezone())


def locale_of(user: User) -> str:
    return user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "ru")


def dmy(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


# --- deadline reminders ------------------------------------------------------------------------


def reminder_window(today: dt.date, days: int, region_id: int | None = None):
    """The due dates reminded "ahead" on `today`: (first, last), or None.

    Definition: an object due on day D is reminded on the working day T on which exactly
    `days` (N) working days lie in [T, D) — T counts, D does not. So, with N = 3, an
    activity due on Friday is reminded on Tuesday (Tuesday, Wednesday, Thursday); holidays
    and weekends are skipped, never counted. For a working day D this is the T with
    `add_working_days(T, N + 1) == D`; a due date on a day off is reminded like the next
    working day's (due Sunday or Monday → reminded on Wednesday). Nothing is reminded
    "ahead" on a day off, so the dates in the window are (N-th working day, (N+1)-th].
    """
    if days < 1 or not is_working_day(today, region_id):
        return None
    nth = add_working_days(today, days, region_id)
    return nth + dt.timedelta(days=1), add_working_days(today, days + 1, region_id)


def deadline_reminders(today_for: TodayFor = region_today) -> int:
    """Remind each responsible user N working days before a deadline (N = config
    REMINDER_WORKING_DAYS) and on the due day itself, "today" being the date in the object's
    region. A changed due date has a new key, so it is reminded afresh. Returns how many
    notifications were created."""
    days = int(current_app.config.get("REMINDER_WORKING_DAYS", 3))
    created = 0
    for region_id, today in region_dates(today_for).items():
        windows = [("today", today, today)]
        ahead = reminder_window(today, days, region_id)
        if ahead:
            windows.append(("ahead", *ahead))
        for source in deadline_sources():
            model = source.model
            for when, first, last in windows:
                stmt = (
                    sa.select(model)
                    .where(
                        model.region_id == region_id,
                        model.responsible_user_id.is_not(None),
                        model.due_date.between(first, last),
                        source.open_clause(),
                    )
                    .options(selectinload(model.responsible_user), *source.load)
                    .order_by(model.id)
                )
                for obj in db.session.scalars(stmt):
                    created += _remind(source, obj, when, days)
    return created


def _remind(source: DeadlineSource, obj, when: str, days: int) -> int:
    user = obj.responsible_user
    if not access.can_see_region(user, obj.region_id):
        return 0  # the user moved to another region: its deadlines are no longer theirs
    with force_locale(locale_of(user)):
        label = source.label(obj)
        if when == "today":
            title = _("Due today: %(item)s", item=label)
        else:
            title = ngettext(
                "Due in %(num)s working day: %(item)s",
                "Due in %(num)s working days: %(item)s",
                days,
                item=label,
            )
        body = _("Deadline: %(date)s.", date=dmy(obj.due_date))
    key = f"reminder:{source.name}:{obj.id}:{obj.due_date.isoformat()}:{when}"
    return notify(user, "deadline_reminder", key, title, body, source.link(obj)) is not None


# --- overdue digests ---------------------------------------------------------------------------


def _overdue(source: DeadlineSource, days: dict[int, dt.date], default: dt.date) -> sa.Select:
    model = source.model
    return (
        sa.select(model)
        .where(
            model.due_date.is_not(None),
            model.due_date < today_by_region(model.region_id, days, default),
            source.open_clause(),
        )
        .options(*source.load)
        .order_by(model.due_date, model.id)
    )


def _digest_lines(items: Iterable[tuple[DeadlineSource, Any]]) -> str:
    return "\n".join(
        _("- %(item)s, due %(date)s", item=source.label(obj), date=dmy(obj.due_date))
        for source, obj in items
    )


def overdue_digests(today_for: TodayFor = region_today) -> int:
    """Daily: one message per responsible user listing all of their overdue objects (key
    "overdue-digest:<date>", the date in the user's region). Returns how many were created."""
    days, default = region_dates(today_for), today_for(default_timezone())
    by_user: dict[int, list[tuple[DeadlineSource, Any]]] = {}
    for source in deadline_sources():
        stmt = _overdue(source, days, default).where(source.model.responsible_user_id.is_not(None))
        for obj in db.session.scalars(stmt):
            by_user.setdefault(obj.responsible_user_id, []).append((source, obj))
    created = 0
    for user_id, items in sorted(by_user.items()):
        user = db.session.get(User, user_id)
        items = [(s, obj) for s, obj in items if access.can_see_region(user, obj.region_id)]
        if not items:
            continue
        with force_locale(locale_of(user)):
            title = _("Overdue: %(count)s", count=len(items))
            body = _digest_lines(items)
        key = f"overdue-digest:{_user_today(user, today_for).isoformat()}"
        created += notify(user, "overdue_digest", key, title, body, "/my/activities") is not None
    return created


def manager_digests(today_for: TodayFor = region_today) -> int:
    """Weekly (safe to run daily): each active manager gets the overdue objects of their
    region once per ISO week (key "manager-digest:<year>-W<week>"); none when nothing is
    overdue. Returns how many were created."""
    days, default = region_dates(today_for), today_for(default_timezone())
    managers = db.session.scalars(
        sa.select(User)
        .where(User.role == Role.manager, User.active.is_(True), User.region_id.is_not(None))
        .options(selectinload(User.region))
        .order_by(User.id)
    )
    created = 0
    for manager in managers:
        items = [
            (source, obj)
            for source in deadline_sources()
            for obj in db.session.scalars(
                _overdue(source, days, default).where(source.model.region_id == manager.region_id)
            )
        ]
        if not items:
            continue
        year, week, _day = _user_today(manager, today_for).isocalendar()
        with force_locale(locale_of(manager)):
            title = _(
                "Overdue in %(region)s: %(count)s", region=manager.region.name, count=len(items)
            )
            body = _digest_lines(items)
        key = f"manager-digest:{year}-W{week:02d}"
        link = "/reports/monitoring"
        created += notify(manager, "manager_digest", key, title, body, link) is not None
    return created
