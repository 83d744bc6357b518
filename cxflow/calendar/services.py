"""Working-day arithmetic by the Russian production calendar, with admin overrides.

Every deadline in cxflow is computed here (STYLE convention 23), never inline.
"""

import datetime as dt
from functools import cache

import holidays
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.calendar.models import CalendarOverride
from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.orgs.models import Region

MAX_WORKING_DAYS = 2000  # about eight years: more is a typo, not a plan
FIRST_DAY_COUNTED, LAST_DAY_COUNTED = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


@cache
def _russian_calendar() -> holidays.HolidayBase:
    # holidays >= 0.108 knows the decree transfers of 2026 and 2027 (moved days off and
    # working Saturdays); without `years=` it expands to any year on demand.
    return holidays.RU(language="ru")


def _overrides(start: dt.date, end: dt.date, region_id: int | None) -> dict[dt.date, bool]:
    """Overrides in [start, end]: national ones, then the region's, which win."""
    stmt = sa.select(CalendarOverride.day, CalendarOverride.is_working, CalendarOverride.region_id)
    stmt = stmt.where(CalendarOverride.day.between(start, end))
    stmt = stmt.where(
        sa.or_(CalendarOverride.region_id.is_(None), CalendarOverride.region_id == region_id)
    )
    rows = sorted(db.session.execute(stmt), key=lambda r: r.region_id is not None)
    return {row.day: row.is_working for row in rows}


def holiday_name(day: dt.date) -> str | None:
    return _russian_calendar().get(day)


def is_working_day(day: dt.date, region_id: int | None = None) -> bool:
    override = _overrides(day, day, region_id).get(day)
    return override if override is not None else _russian_calendar().is_working_day(day)


def add_working_days(start: dt.date, days: int, region_id: int | None = None) -> dt.date:
    """The `days`-th working day, counting `start` as day 1 when it is a working day."""
    if days < 1 or days > MAX_WORKING_DAYS:
        raise ValidationError({"days": _l("Must be between 1 and %(max)s.", max=MAX_WORKING_DAYS)})
    if not LAST_DAY_COUNTED >= start >= FIRST_DAY_COUNTED:
        raise ValidationError({"start": _l("Enter a date between 2000 and 2100.")})
    # Two calendar days per working day is more than any Russian year needs (247 of 365).
    horizon = start + dt.timedelta(days=days * 2 + 30)
    overrides = _overrides(start, horizon, region_id)
    calendar = _russian_calendar()
    day, counted = start, 0
    while True:
        working = overrides.get(day)
        if working is None:
            working = calendar.is_working_day(day)
        if working:
            counted += 1
            if counted == days:
                return day
        day += dt.timedelta(days=1)
        if day > horizon:  # overrides made the window short: widen it and go on
            horizon += dt.timedelta(days=days * 2 + 30)
            overrides |= _overrides(day, horizon, region_id)


def working_days_between(start: dt.date, end: dt.date, region_id: int | None = None) -> int:
    """How many working days lie in [start, end], both included (0 when end < start)."""
    if end < start:
        return 0
    overrides = _overrides(start, end, region_id)
    calendar = _russian_calendar()
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return sum(overrides.get(day, calendar.is_working_day(day)) for day in days)


def national_exceptions(year: int) -> list[tuple[dt.date, bool, str]]:
    """The package's days off (holidays, moved days) and working weekend days of `year`."""
    calendar = _russian_calendar()
    _ = dt.date(year, 1, 1) in calendar  # a lookup makes the package compute that year
    days = [(day, False, name) for day, name in calendar.items() if day.year == year]
    days += [(day, True, "") for day in calendar.weekend_workdays if day.year == year]
    return sorted(days)


def list_overrides(year: int) -> list[CalendarOverride]:
    stmt = sa.select(CalendarOverride).where(
        CalendarOverride.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    )
    stmt = stmt.options(selectinload(CalendarOverride.region)).order_by(CalendarOverride.day)
    return list(db.session.scalars(stmt))


def add_override(
    actor, day: dt.date | None, is_working: bool, region_id: int | None = None, note: str = ""
) -> CalendarOverride:
    """Make `day` a working day or a day off, nationally or in one region (admin only)."""
    access.require(actor, "calendar.manage")
    if day is None:
        raise ValidationError({"day": _l("Enter a date.")})
    if region_id is not None and db.session.get(Region, region_id) is None:
        raise ValidationError({"region_id": _l("Choose an existing region.")})
    existing = db.session.scalar(
        sa.select(CalendarOverride).where(
            CalendarOverride.day == day,
            CalendarOverride.region_id.is_(None)
            if region_id is None
            else CalendarOverride.region_id == region_id,
        )
    )
    if existing is not None:
        raise ValidationError({"day": _l("This day already has an override; delete it first.")})
    override = CalendarOverride(
        day=day, is_working=is_working, region_id=region_id, note=(note or "").strip()
    )
    db.session.add(override)
    db.session.flush()
    return override


def delete_override(actor, override: CalendarOverride) -> None:
    access.require(actor, "calendar.manage")
    db.session.delete(override)
    db.session.flush()
