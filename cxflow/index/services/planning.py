"""What the periods pages and API ask of a region's index periods (seed 002 L289–305): the
periods with their chosen and suspended indicators, one period's offices with the state of
their checklists, and a suspension decided for several regions at once (remark #23)."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.models.index import Checklist, IndexPeriod, IndicatorSuspension
from cxflow.index.services import periods
from cxflow.index.services.indicators import Indicator
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User


def load_suspensions(period: IndexPeriod) -> list[IndicatorSuspension]:
    """The period's suspensions with who decided them (one query)."""
    if period.id is None:
        return []
    stmt = (
        sa.select(IndicatorSuspension)
        .where(IndicatorSuspension.period_id == period.id)
        .order_by(IndicatorSuspension.id)
        .options(selectinload(IndicatorSuspension.created_by))
    )
    return list(db.session.scalars(stmt))


@dataclass
class PeriodOverview:
    """A period's offices and, per office and chosen indicator, its checklist (or None)."""

    period: IndexPeriod
    chosen: list[Indicator]
    offices: list[Office]
    managing_office: Office | None
    checklists: dict  # (office id, key) -> Checklist

    def applies(self, office: Office, indicator: Indicator) -> bool:
        return indicator.level == "office" or office.is_managing_office


def overview(period: IndexPeriod) -> PeriodOverview:
    methodology = periods.methodology_of(period)
    chosen_keys = set(periods.chosen_keys(period))
    chosen = [i for i in methodology.indicators if i.key in chosen_keys]
    offices = list(
        db.session.scalars(
            sa.select(Office).where(Office.region_id == period.region_id).order_by(Office.name)
        )
    )
    found = db.session.scalars(sa.select(Checklist).where(Checklist.period_id == period.id))
    return PeriodOverview(
        period,
        chosen,
        offices,
        next((o for o in offices if o.is_managing_office), None),
        {(c.office_id, c.indicator_key): c for c in found},
    )


def periods_by_region(user: User) -> dict[int, int]:
    """region id -> how many periods it has, in the regions `user` may see."""
    stmt = access.scoped(
        sa.select(IndexPeriod.region_id, sa.func.count()).group_by(IndexPeriod.region_id),
        IndexPeriod,
        user,
    )
    return dict(db.session.execute(stmt).all())


def suspend_in_regions(
    user: User,
    region_code: str | None,
    start: dt.date | None,
    end: dt.date | None,
    key: str,
    reason: str,
) -> list[IndicatorSuspension]:
    """`POST /index/suspensions`: suspend `key` for the dates in one region (its period is
    opened if needed) or, without `region_code`, in every region `user` may plan for that
    has a period with exactly these dates (those where it is suspended already are left as
    they are)."""
    periods.check_dates(start, end)
    if region_code:
        region = db.session.scalar(sa.select(Region).where(Region.code == region_code))
        if region is None or not access.can_see_region(user, region.id):
            raise ValidationError({"region_code": _l("No such region.")})
        access.require(user, "index.plan", region.id)
        return [periods.suspend(periods.open_period(region, start, end), key, reason, user)]
    access.require(user, "index.plan")
    stmt = access.scoped(
        sa.select(IndexPeriod).where(IndexPeriod.start == start, IndexPeriod.end == end),
        IndexPeriod,
        user,
    ).options(selectinload(IndexPeriod.suspensions))
    found = [p for p in db.session.scalars(stmt) if access.can(user, "index.plan", p.region_id)]
    errors = {}
    if not found:
        errors["period_start"] = _l("No region has a period with these dates.")
    if any(periods.methodology_of(p).indicator(key) is None for p in found):
        errors["indicator_key"] = _l("No such indicator: %(key)s.", key=key)
    if not (reason or "").strip():
        errors["reason"] = _l("Say why the indicator is suspended.")
    if errors:
        raise ValidationError(errors)
    return [
        periods.suspend(period, key, reason, user)
        for period in found
        if key not in periods.suspended_keys(period)
    ]
