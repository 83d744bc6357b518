"""Counts of survey answers for staff (issue #15: "how many answers do we have today?", the
offices' most repeated request in the 2022 pilot). Only counted answers are counted: a flagged
one waits for review outside the counts (services.flags). Days are `received_on`, the date in
the office's region. Every function runs a fixed number of grouped queries, whatever the
number of offices or answers."""

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from cxflow.core import access
from cxflow.core.clock import DEFAULT_TIMEZONE, region_today
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.models.surveys import FlagStatus, Respondent, SurveyFlag, SurveyResponse
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User

DEFAULT_DAYS = 30  # the default period: the last 30 days up to today
MAX_DAYS = 366  # a year, leap day included: longer periods are refused (bounded by_day)


# --- the period --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_day(raw: str | None, name: str) -> dt.date | None:
    """A date of a query string (ISO, as <input type="date"> sends it); blank is None."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: _l("Not a valid date (YYYY-MM-DD).")}) from None


def period(start: dt.date | None, end: dt.date | None, *, today: dt.date) -> Period:
    """The period asked for; by default the last DEFAULT_DAYS days up to `today`. A reversed
    or longer than MAX_DAYS period is refused naming `from` and `to`."""
    end = end or today
    start = start or end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise ValidationError(
            {
                "from": _l("The start of the period is after its end."),
                "to": _l("The end of the period is before its start."),
            }
        )
    if (end - start).days + 1 > MAX_DAYS:
        message = _l("The period is longer than %(days)s days.", days=MAX_DAYS)
        raise ValidationError({"from": message, "to": message})
    return Period(start, end)


def parse_period(raw_from: str | None, raw_to: str | None, *, today: dt.date) -> Period:
    """`period()` of two query-string values; every bad one is named at once."""
    errors: dict = {}
    days = {}
    for name, raw in (("from", raw_from), ("to", raw_to)):
        try:
            days[name] = parse_day(raw, name)
        except ValidationError as exc:
            errors |= exc.fields
    if errors:
        raise ValidationError(errors)
    return period(days["from"], days["to"], today=today)


def today_in(region: Region) -> dt.date:
    """Today in the region's own time zone: its offices count answers by that date."""
    return region_today(region.timezone)


def federal_today() -> dt.date:
    """Today for pages over every region: the federal centre's date (Moscow)."""
    return region_today(DEFAULT_TIMEZONE)


def minimum() -> int:
    """The minimum number of answers: cxflow's default of 10, not the seed's (issue #15)."""
    return current_app.config["SURVEY_MIN_RESPONSES"]


# --- counts --------------------------------------------------------------------------------


@dataclass
class Counts:
    seeker: int = 0
    employer: int = 0

    @property
    def total(self) -> int:
        return self.seeker + self.employer

    def add(self, respondent: str, n: int) -> None:
        name = Respondent(respondent).value
        setattr(self, name, getattr(self, name) + n)


@dataclass
class DayCounts(Counts):
    date: dt.date = dt.date.min


@dataclass
class OfficeStats:
    office: Office
    period: Period
    by_day: list[DayCounts]
    total: Counts
    flagged_pending: int
    minimum: int
    today: DayCounts = field(default_factory=DayCounts)

    @property
    def below_minimum(self) -> bool:
        return self.total.total < self.minimum


@dataclass
class Row:
    """One office (or region) of a list: its counts for the period."""

    id: int
    name: str
    total: Counts
    flagged_pending: int
    minimum: int
    code: str = ""

    @property
    def office_id(self) -> int:
        return self.id

    @property
    def office_name(self) -> str:
        return self.name

    @property
    def below_minimum(self) -> bool:
        return self.total.total < self.minimum


def _in(period: Period):
    return SurveyResponse.received_on.between(period.start, period.end)


def _by_respondent(respondent: Respondent):
    return sa.func.count().filter(SurveyResponse.respondent == respondent)


def _day_counts(office: Office, first: dt.date, last: dt.date) -> dict[dt.date, DayCounts]:
    stmt = (
        sa.select(SurveyResponse.received_on, SurveyResponse.respondent, sa.func.count())
        .where(
            SurveyResponse.office_id == office.id,
            SurveyResponse.received_on.between(first, last),
            SurveyResponse.counted.is_(True),
        )
        .group_by(SurveyResponse.received_on, SurveyResponse.respondent)
    )
    days: dict[dt.date, DayCounts] = {}
    for day, respondent, n in db.session.execute(stmt):
        days.setdefault(day, DayCounts(date=day)).add(respondent, n)
    return days


def _pending(period: Period):
    """Flags waiting for review, of answers received in the period."""
    return (
        sa.select(SurveyFlag.office_id, sa.func.count().label("pending"))
        .join(SurveyResponse, SurveyResponse.id == SurveyFlag.response_id)
        .where(SurveyFlag.status == FlagStatus.pending, _in(period))
        .group_by(SurveyFlag.office_id)
    )


def office_stats(office: Office, period: Period, today: dt.date | None = None) -> OfficeStats:
    """Counted answers per day (every day of the period, zeros included) and per respondent
    type, the total against the minimum, flagged answers waiting for review; `today`'s
    counts too (one query more when today is outside the period)."""
    today = today or today_in(office.region)
    counted = _day_counts(office, period.start, period.end)
    by_day = [counted.get(day) or DayCounts(date=day) for day in period.days]
    total = Counts(sum(d.seeker for d in by_day), sum(d.employer for d in by_day))
    if today not in period:
        counted = _day_counts(office, today, today)
    pending = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(SurveyFlag)
        .join(SurveyResponse, SurveyResponse.id == SurveyFlag.response_id)
        .where(SurveyFlag.office_id == office.id, SurveyFlag.status == FlagStatus.pending)
        .where(_in(period))
    )
    return OfficeStats(
        office=office,
        period=period,
        by_day=by_day,
        total=total,
        flagged_pending=pending,
        minimum=minimum(),
        today=counted.get(today) or DayCounts(date=today),
    )


SORTS = {
    "name": lambda r: (r.name.casefold(), r.id),
    "seeker": lambda r: (r.total.seeker, r.name.casefold()),
    "employer": lambda r: (r.total.employer, r.name.casefold()),
    "total": lambda r: (r.total.total, r.name.casefold()),
    "flagged": lambda r: (r.flagged_pending, r.name.casefold()),
    "below": lambda r: (r.below_minimum, r.total.total, r.name.casefold()),
}


def sort_key(sort: str | None) -> str:
    """A known `?sort=` value (a column, `-` before it for descending), else by name."""
    return sort if sort and sort.lstrip("-") in SORTS else "name"


def sorted_rows(rows: list[Row], sort: str | None) -> list[Row]:
    sort = sort_key(sort)
    return sorted(rows, key=SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))


def region_stats(region: Region, period: Period) -> list[Row]:
    """Every office of the region, those without answers included, by name: one query
    joining two grouped subqueries (counts, pending flags) to the offices."""
    counts = (
        sa.select(
            SurveyResponse.office_id,
            _by_respondent(Respondent.seeker).label("seeker"),
            _by_respondent(Respondent.employer).label("employer"),
        )
        .where(
            SurveyResponse.region_id == region.id,
            _in(period),
            SurveyResponse.counted.is_(True),
        )
        .group_by(SurveyResponse.office_id)
        .subquery()
    )
    pending = _pending(period).where(SurveyFlag.region_id == region.id).subquery()
    stmt = (
        sa.select(
            Office.id,
            Office.name,
            sa.func.coalesce(counts.c.seeker, 0),
            sa.func.coalesce(counts.c.employer, 0),
            sa.func.coalesce(pending.c.pending, 0),
        )
        .outerjoin(counts, counts.c.office_id == Office.id)
        .outerjoin(pending, pending.c.office_id == Office.id)
        .where(Office.region_id == region.id)
        .order_by(Office.name, Office.id)
    )
    least = minimum()
    return [
        Row(id=id_, name=name, total=Counts(s, e), flagged_pending=p, minimum=least)
        for id_, name, s, e, p in db.session.execute(stmt)
    ]


def regions_stats(user: User, period: Period) -> list[Row]:
    """Every region `user` sees with its offices' counts, by code: one grouped query.
    `minimum` of a region row is per office, so `below_minimum` is not used here."""
    counts = (
        sa.select(
            SurveyResponse.region_id,
            _by_respondent(Respondent.seeker).label("seeker"),
            _by_respondent(Respondent.employer).label("employer"),
        )
        .where(_in(period), SurveyResponse.counted.is_(True))
        .group_by(SurveyResponse.region_id)
        .subquery()
    )
    pending = (
        sa.select(SurveyFlag.region_id, sa.func.count().label("pending"))
        .join(SurveyResponse, SurveyResponse.id == SurveyFlag.response_id)
        .where(SurveyFlag.status == FlagStatus.pending, _in(period))
        .group_by(SurveyFlag.region_id)
        .subquery()
    )
    stmt = (
        sa.select(
            Region.id,
            Region.code,
            Region.name,
            sa.func.coalesce(counts.c.seeker, 0),
            sa.func.coalesce(counts.c.employer, 0),
            sa.func.coalesce(pending.c.pending, 0),
        )
        .outerjoin(counts, counts.c.region_id == Region.id)
        .outerjoin(pending, pending.c.region_id == Region.id)
        .order_by(Region.code)
    )
    regions = access.visible_region_ids(user)
    if regions is not None:
        stmt = stmt.where(Region.id.in_(regions))
    least = minimum()
    return [
        Row(id=id_, code=code, name=name, total=Counts(s, e), flagged_pending=p, minimum=least)
        for id_, code, name, s, e, p in db.session.execute(stmt)
    ]


def chart_data(stats: OfficeStats, labels: dict[str, str]) -> dict:
    """Chart.js data of the bar chart: one dataset per respondent type, a bar per day."""
    return {
        "labels": [d.date.strftime("%d.%m") for d in stats.by_day],
        "datasets": [
            {"label": labels[r.value], "data": [getattr(d, r.value) for d in stats.by_day]}
            for r in Respondent
        ],
    }
