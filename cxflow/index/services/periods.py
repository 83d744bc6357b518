"""A region's measurement periods, the indicators it chose for each (page and API, seed 002
L289–305: each region agreed its own set with the federal centre) and suspended indicators
(remark #23). A period is opened under the methodology version in force and keeps it."""

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core.db import check_version, lock
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.models.index import IndexPeriod, IndicatorSelection, IndicatorSuspension
from cxflow.index.services import indicators
from cxflow.index.services.indicators import IndexMethodology
from cxflow.orgs.models import Region
from cxflow.users.models import User


def check_dates(start: dt.date | None, end: dt.date | None) -> None:
    errors = {}
    if start is None:
        errors["period_start"] = _l("Give the first day of the period.")
    if end is None:
        errors["period_end"] = _l("Give the last day of the period.")
    if start and end and end < start:
        errors["period_end"] = _l("The period ends before it starts.")
    if errors:
        raise ValidationError(errors)


def find(region_id: int, start: dt.date, end: dt.date) -> IndexPeriod | None:
    stmt = sa.select(IndexPeriod).filter_by(region_id=region_id, start=start, end=end)
    return db.session.scalar(stmt)


def open_period(region: Region, start: dt.date | None, end: dt.date | None) -> IndexPeriod:
    """The region's period with these dates, opened now under the version in force if new."""
    check_dates(start, end)
    period = find(region.id, start, end)
    if period is None:
        # Openers of one region take turns, so two first choices at once make one period. (A
        # savepoint would not do on SQLite: pysqlite sends no BEGIN before a SAVEPOINT, whose
        # RELEASE then commits the period even when the request fails afterwards.)
        lock(region)
        period = find(region.id, start, end)
    if period is None:
        in_force = indicators.record_in_force()
        period = IndexPeriod(
            region_id=region.id,
            start=start,
            end=end,
            methodology_key=in_force.key,
            methodology_version=in_force.version,
        )
        db.session.add(period)
        db.session.flush()
    return period


def transient(region: Region, start: dt.date, end: dt.date) -> IndexPeriod:
    """A period nobody opened (answers only, nothing chosen): the index of any dates."""
    check_dates(start, end)
    in_force = indicators.current()
    return IndexPeriod(
        region_id=region.id,
        region=region,
        start=start,
        end=end,
        methodology_key=in_force.key,
        methodology_version=in_force.version,
        selections=[],
        suspensions=[],
    )


def methodology_of(period: IndexPeriod) -> IndexMethodology:
    return indicators.of_version(period.methodology_version, period.methodology_key)


def periods_of(region_id: int) -> list[IndexPeriod]:
    stmt = (
        sa.select(IndexPeriod)
        .filter_by(region_id=region_id)
        .order_by(IndexPeriod.start.desc())
        .options(selectinload(IndexPeriod.selections), selectinload(IndexPeriod.suspensions))
    )
    return list(db.session.scalars(stmt))


def previous(period: IndexPeriod) -> IndexPeriod | None:
    """The baseline of the index as a change (seed 002 L46): the region's period before it."""
    if period.id is None:
        return None
    stmt = (
        sa.select(IndexPeriod)
        .where(IndexPeriod.region_id == period.region_id, IndexPeriod.start < period.start)
        .order_by(IndexPeriod.start.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def chosen_keys(period: IndexPeriod) -> list[str]:
    return [selection.indicator_key for selection in period.selections]


def suspended_keys(period: IndexPeriod) -> set[str]:
    return {suspension.indicator_key for suspension in period.suspensions}


def choose(
    region: Region, start, end, keys: Iterable[str], version: int | None = None
) -> IndexPeriod:
    """Replace the period's chosen objective indicators (`PUT …/index/indicators`); `version`,
    when given, guards a change made on a stale copy of the period."""
    period = open_period(region, start, end)
    methodology = methodology_of(period)
    keys = list(dict.fromkeys(keys))
    errors = {}
    for n, key in enumerate(keys):
        indicator = methodology.indicator(key)
        if indicator is None:
            errors[f"keys.{n}"] = _l("No such indicator: %(key)s.", key=key)
        elif not indicator.has_objective:
            errors[f"keys.{n}"] = _l("%(key)s has no objective checklist to choose.", key=key)
    if errors:
        raise ValidationError(errors)
    lock(period)
    if version is not None:
        check_version(period, version)
    kept = {s.indicator_key: s for s in period.selections}
    period.selections = [
        kept.get(key) or IndicatorSelection(region_id=region.id, indicator_key=key) for key in keys
    ]
    db.session.flush()
    return period


def suspend(period: IndexPeriod, key: str, reason: str, user: User) -> IndicatorSuspension:
    """Leave an indicator out of the period, visibly (remark #23: a long economic downturn)."""
    errors = {}
    if methodology_of(period).indicator(key) is None:
        errors["indicator_key"] = _l("No such indicator: %(key)s.", key=key)
    if not (reason or "").strip():
        errors["reason"] = _l("Say why the indicator is suspended.")
    if key in suspended_keys(period):
        errors["indicator_key"] = _l("The indicator is already suspended for this period.")
    if errors:
        raise ValidationError(errors)
    suspension = IndicatorSuspension(
        region_id=period.region_id, indicator_key=key, reason=reason.strip(), created_by=user
    )
    period.suspensions.append(suspension)
    db.session.flush()
    return suspension


def resume(period: IndexPeriod, key: str) -> None:
    suspension = next((s for s in period.suspensions if s.indicator_key == key), None)
    if suspension is None:
        raise ValidationError({"indicator_key": _l("The indicator is not suspended.")})
    period.suspensions.remove(suspension)
    db.session.flush()
