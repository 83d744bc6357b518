"""What the checklist pages and API ask (seed 002 App. 8): an office's chosen indicators for a
period with the state of their checklists, the period a request names, and a checklist's
points under the rule as the page computes them while the user ticks (the saved score,
computed by services.checklists, is the one that counts)."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from cxflow.core.extensions import db
from cxflow.index.models.index import Checklist, IndexPeriod, IndicatorSuspension
from cxflow.index.services import periods
from cxflow.index.services.indicators import Indicator
from cxflow.orgs.models import Office

# (current / previous − 1) × 2: the pilot's coefficient (App. 8 item 6, L2331), as
# services.scoring computes it; the page shows the formula with it
VACANCY_COEFFICIENT = 2


@dataclass
class ChecklistRow:
    indicator: Indicator
    applies: bool  # filled at this office (a managing-office indicator: only there)
    checklist: Checklist | None
    suspension: IndicatorSuspension | None


def latest_period(office: Office) -> IndexPeriod | None:
    stmt = (
        sa.select(IndexPeriod)
        .where(IndexPeriod.region_id == office.region_id)
        .order_by(IndexPeriod.start.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def period_of_dates(office: Office, start: dt.date | None, end: dt.date | None) -> IndexPeriod:
    """The office region's period with these dates, or one nobody opened (nothing chosen in
    it, so a checklist for it is refused naming `indicator_key`); bad dates: 422."""
    periods.check_dates(start, end)
    return periods.find(office.region_id, start, end) or periods.transient(
        office.region, start, end
    )


def office_checklists(office: Office, period: IndexPeriod) -> list[ChecklistRow]:
    """The indicators the region chose for the period, in the catalogue's order, each with
    this office's checklist (or None), whether it is filled here and its suspension."""
    methodology = periods.methodology_of(period)
    chosen = set(periods.chosen_keys(period))
    suspended = {s.indicator_key: s for s in period.suspensions}
    found = {}
    if period.id is not None:
        stmt = (
            sa.select(Checklist)
            .filter_by(office_id=office.id, period_id=period.id)
            .options(selectinload(Checklist.filled_by))
        )
        found = {c.indicator_key: c for c in db.session.scalars(stmt)}
    return [
        ChecklistRow(
            indicator,
            indicator.level == "office" or office.is_managing_office,
            found.get(indicator.key),
            suspended.get(indicator.key),
        )
        for indicator in methodology.indicators
        if indicator.key in chosen
    ]


def checklist_with_items(office: Office, period: IndexPeriod, key: str) -> Checklist | None:
    if period.id is None:
        return None
    stmt = (
        sa.select(Checklist)
        .filter_by(office_id=office.id, period_id=period.id, indicator_key=key)
        .options(selectinload(Checklist.items), selectinload(Checklist.filled_by))
    )
    return db.session.scalar(stmt)
