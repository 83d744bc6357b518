"""Checklists still missing as a period ends: the region's coordinators are told, once a day,
which offices have not filled which chosen indicators (the 2022 pilot's reports came late
for exactly this, seed 002 App. 5; §7.2 of the digest)."""

import datetime as dt
from collections import defaultdict

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from cxflow.core.access import Role
from cxflow.core.extensions import db
from cxflow.index.models.index import Checklist, IndexPeriod, IndicatorSelection
from cxflow.index.services.periods import methodology_of
from cxflow.notifications.reminders import dmy, locale_of
from cxflow.notifications.services import notify
from cxflow.orgs.models import Office
from cxflow.orgs.services import region_dates
from cxflow.users.models import User

DAYS_AHEAD = 3  # calendar days before the period's last day, and that day itself


def ending_periods(today_by_region: dict[int, dt.date]) -> list[IndexPeriod]:
    """Periods whose last day is 0–DAYS_AHEAD days away in their region."""
    ends = [
        sa.and_(
            IndexPeriod.region_id == region_id,
            IndexPeriod.end.between(today, today + dt.timedelta(days=DAYS_AHEAD)),
        )
        for region_id, today in today_by_region.items()
    ]
    if not ends:
        return []
    return list(db.session.scalars(sa.select(IndexPeriod).where(sa.or_(*ends))))


def missing(periods: list[IndexPeriod]) -> dict[int, dict[Office, list[str]]]:
    """period id -> office -> chosen indicator keys without a checklist (three queries)."""
    if not periods:
        return {}
    ids = [p.id for p in periods]
    chosen = defaultdict(list)
    for period_id, key in db.session.execute(
        sa.select(IndicatorSelection.period_id, IndicatorSelection.indicator_key).where(
            IndicatorSelection.period_id.in_(ids)
        )
    ):
        chosen[period_id].append(key)
    filled = {
        tuple(row)
        for row in db.session.execute(
            sa.select(Checklist.period_id, Checklist.office_id, Checklist.indicator_key).where(
                Checklist.period_id.in_(ids)
            )
        )
    }
    offices = defaultdict(list)
    stmt = sa.select(Office).where(Office.region_id.in_({p.region_id for p in periods}))
    for office in db.session.scalars(stmt.order_by(Office.name)):
        offices[office.region_id].append(office)
    result = {}
    for period in periods:
        methodology = methodology_of(period)
        gaps = {}
        for office in offices[period.region_id]:
            keys = [
                key
                for key in chosen[period.id]
                if (period.id, office.id, key) not in filled
                and _filled_here(methodology.indicator(key), office)
            ]
            if keys:
                gaps[office] = keys
        result[period.id] = gaps
    return result


def _filled_here(indicator, office: Office) -> bool:
    """A managing-office indicator is filled once, at the managing office."""
    return indicator is not None and (indicator.level == "office" or office.is_managing_office)


def remind_unfilled(today_for=None) -> int:
    """Notify each coordinator of a region with a period ending soon and checklists missing;
    once per period and day (dedup key). Returns how many notifications were created."""
    dates = region_dates(today_for) if today_for else region_dates()
    periods = ending_periods(dates)
    gaps = missing(periods)
    created = 0
    for period in periods:
        if not gaps.get(period.id):
            continue
        coordinators = db.session.scalars(
            sa.select(User).where(
                User.region_id == period.region_id,
                User.role == Role.regional_coordinator,
                User.active.is_(True),
            )
        )
        methodology = methodology_of(period)
        today = dates[period.region_id]
        for user in coordinators:
            with force_locale(locale_of(user)):
                title = _(
                    "Index checklists not filled: the period ends %(date)s", date=dmy(period.end)
                )
                body = "\n".join(
                    f"{office.name}: " + ", ".join(methodology.indicator(key).title for key in keys)
                    for office, keys in gaps[period.id].items()
                )
            link = f"/regions/{period.region_id}/index/periods"
            key = f"index_checklists:{period.id}:{today.isoformat()}"
            created += notify(user, "index_checklists", key, title, body, link) is not None
    return created
