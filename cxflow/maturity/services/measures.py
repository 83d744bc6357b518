"""What cxflow counts from its own data for the quantitative controls of the matrix (seed 004
§1): profiles and journeys per client type (items 5–6), regional committee meetings per month
(item 11), competence events per calendar year (item 17) and how regularly the region adds to
the knowledge bank (item 15). Each measure gives its value and where it came from, and says
whether a threshold of the matrix is met (and, if not, why).

cxflow's decisions where the seed is silent (shown on the maturity page):
- the regional committee is the working group of the region's `cx_system` pilots (seed 004 §2
  L124, L128: «Рабочая группа по клиентоцентричности»); its meetings count in each of the last
  three full calendar months;
- events count per calendar year: the current year, or the last full year when the current one
  (not over yet) has fewer;
- the knowledge bank has no number in the seed (L99); its cadence is the checklist's
  (§3 item 7, L190–L191): «quarterly» = a solution of the region's own added in each of the last
  two full calendar quarters, «monthly» = in each of the last three full calendar months.
"""

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.clients.models import ClientProfile, ClientType
from cxflow.core.extensions import db
from cxflow.journeys.models import Journey
from cxflow.maturity.models.events import CompetenceEvent
from cxflow.pilots.models import Direction, Pilot
from cxflow.solutions.models import Solution
from cxflow.working_groups.models import Meeting

MEETING_MONTHS = 3
BANK_MONTHS = 3
BANK_QUARTERS = 2


@dataclass
class Measured:
    measure: str
    value: object  # a number, or a dict of numbers, or a cadence
    source: str
    detail: dict = field(default_factory=dict)


# --- calendar windows ---------------------------------------------------------------------------


def full_months(today: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The last `count` full calendar months before `today`'s month, oldest first, as
    (first day, first day of the next month)."""
    months = []
    first = today.replace(day=1)
    for _ in range(count):
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        months.append((previous, first))
        first = previous
    return list(reversed(months))


def full_quarters(today: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The last `count` full calendar quarters before `today`'s quarter, oldest first."""
    start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for _ in range(count):
        month = start.month - 3
        previous = dt.date(start.year - (month < 1), (month - 1) % 12 + 1, 1)
        quarters.append((previous, start))
        start = previous
    return list(reversed(quarters))


def _count_in(days: list[dt.date], windows: list[tuple[dt.date, dt.date]]) -> list[int]:
    return [sum(1 for day in days if start <= day < end) for start, end in windows]


# --- the measures -------------------------------------------------------------------------------


def _per_type(stmt: sa.Select) -> dict[str, int]:
    counts = {t.value: 0 for t in ClientType}
    for client_type, number in db.session.execute(stmt):
        counts[ClientType(client_type).value] = number
    return counts


def profiles(region_id: int) -> Measured:
    """Item 5: profiles of the region by client type; drafts merged into a profile count once,
    as that profile (seed 001 §2.6)."""
    stmt = (
        sa.select(ClientProfile.client_type, sa.func.count())
        .where(
            ClientProfile.region_id == region_id,
            ClientProfile.client_type.is_not(None),
            ClientProfile.merged_into_id.is_(None),
        )
        .group_by(ClientProfile.client_type)
    )
    return Measured(
        "profiles",
        _per_type(stmt),
        str(_l("client profiles of the region's pilots with a client type (Clients)")),
    )


def journeys(region_id: int) -> Measured:
    """Item 6: journeys of the region by the client type of their profile."""
    stmt = (
        sa.select(ClientProfile.client_type, sa.func.count(Journey.id))
        .join(ClientProfile, Journey.profile_id == ClientProfile.id)
        .where(Journey.region_id == region_id, ClientProfile.client_type.is_not(None))
        .group_by(ClientProfile.client_type)
    )
    return Measured(
        "journeys",
        _per_type(stmt),
        str(_l("client journeys of the region whose profile has a client type (Journeys)")),
    )


def committee_meetings(region_id: int, today: dt.date) -> Measured:
    """Item 11 (region): meetings of the working group of the region's `cx_system` pilots in
    each of the last three full calendar months; the value is the fewest in one month."""
    windows = full_months(today, MEETING_MONTHS)
    stmt = (
        sa.select(Meeting.held_on)
        .join(Pilot, Meeting.pilot_id == Pilot.id)
        .where(
            Meeting.region_id == region_id,
            Pilot.direction == Direction.cx_system,
            Meeting.held_on >= windows[0][0],
            Meeting.held_on < windows[-1][1],
        )
    )
    counts = _count_in(list(db.session.scalars(stmt)), windows)
    return Measured(
        "committee_meetings",
        min(counts),
        str(
            _l(
                "meetings of the working group of the region's “CX management system” pilot, "
                "fewest in one of the last three full months"
            )
        ),
        {
            "months": {
                start.strftime("%Y-%m"): n for (start, _end), n in zip(windows, counts, strict=True)
            }
        },
    )


def events(region_id: int, today: dt.date) -> Measured:
    """Item 17: competence events per calendar year (L103); the current year, or the last
    full year when more were held then."""
    years = (today.year - 1, today.year)
    stmt = sa.select(CompetenceEvent.held_on).where(
        CompetenceEvent.region_id == region_id,
        CompetenceEvent.held_on >= dt.date(years[0], 1, 1),
        CompetenceEvent.held_on <= today,
    )
    days = list(db.session.scalars(stmt))
    per_year = {str(year): sum(1 for d in days if d.year == year) for year in years}
    return Measured(
        "events",
        max(per_year.values()),
        str(
            _l(
                "competence events of the region in the current calendar year, or in the last "
                "one when more were held then"
            )
        ),
        {"years": per_year},
    )


def knowledge_bank(region_id: int, today: dt.date) -> Measured:
    """Item 15: how regularly the region adds solutions of its own (not copies of another
    region's) to the knowledge bank: monthly | quarterly | irregular | none."""
    months = full_months(today, BANK_MONTHS)
    quarters = full_quarters(today, BANK_QUARTERS)
    since = min(months[0][0], quarters[0][0])
    stmt = sa.select(Solution.created_at).where(
        Solution.region_id == region_id,
        Solution.origin_id.is_(None),
        Solution.created_at >= dt.datetime.combine(since, dt.time(), dt.UTC),
    )
    days = [moment.date() for moment in db.session.scalars(stmt)]
    per_month, per_quarter = _count_in(days, months), _count_in(days, quarters)
    if all(per_month):
        cadence = "monthly"
    elif all(per_quarter):
        cadence = "quarterly"
    elif days:
        cadence = "irregular"
    else:
        cadence = "none"
    return Measured(
        "knowledge_bank",
        cadence,
        str(
            _l(
                "the region's own solutions added to the knowledge bank: in each of the last "
                "three full months (monthly) or of the last two full quarters (quarterly)"
            )
        ),
        {
            "months": {
                s.strftime("%Y-%m"): n for (s, _e), n in zip(months, per_month, strict=True)
            },
            "quarters": {
                f"{s.year}-Q{(s.month - 1) // 3 + 1}": n
                for (s, _e), n in zip(quarters, per_quarter, strict=True)
            },
        },
    )


def measure_all(region_id: int, today: dt.date) -> dict[str, Measured]:
    return {
        "profiles": profiles(region_id),
        "journeys": journeys(region_id),
        "committee_meetings": committee_meetings(region_id, today),
        "events": events(region_id, today),
        "knowledge_bank": knowledge_bank(region_id, today),
    }


# --- thresholds ---------------------------------------------------------------------------------

CADENCE_RANK = {"none": 0, "irregular": 1, "quarterly": 2, "monthly": 3}
CADENCE_TITLES = {
    "none": _l("nothing added"),
    "irregular": _l("added irregularly"),
    "quarterly": _l("added every quarter"),
    "monthly": _l("added every month"),
}


def shortfall(measured: Measured, threshold: dict) -> str | None:
    """Why `measured` does not reach `threshold` (None: it does)."""
    value = measured.value
    if measured.measure in ("profiles", "journeys"):
        if all(value[kind] >= threshold[kind] for kind in ("seeker", "employer")):
            return None
        return str(
            _l(
                "%(seeker)s (job seekers) + %(employer)s (employers), needs at least "
                "%(need_seeker)s + %(need_employer)s",
                seeker=value["seeker"],
                employer=value["employer"],
                need_seeker=threshold["seeker"],
                need_employer=threshold["employer"],
            )
        )
    if measured.measure == "committee_meetings":
        if value >= threshold["per_month"]:
            return None
        return str(
            _l(
                "%(value)s meeting(s) in the leanest of the last three full months, needs at "
                "least %(need)s a month",
                value=value,
                need=threshold["per_month"],
            )
        )
    if measured.measure == "events":
        if value >= threshold["per_year"]:
            return None
        return str(
            _l(
                "%(value)s event(s) a year, needs at least %(need)s",
                value=value,
                need=threshold["per_year"],
            )
        )
    # knowledge_bank
    if CADENCE_RANK[value] >= CADENCE_RANK[threshold["cadence"]]:
        return None
    return str(
        _l(
            "knowledge bank: %(now)s, needs %(need)s",
            now=CADENCE_TITLES[value],
            need=CADENCE_TITLES[threshold["cadence"]],
        )
    )
