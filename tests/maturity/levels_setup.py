"""Builders for the maturity tests: controls in a given state, and the rows the quantitative
controls read (profiles, journeys, committee meetings, competence events, own solutions)."""

import datetime as dt

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.maturity.models.controls import MaturityControl
from cxflow.maturity.models.events import CompetenceEvent
from cxflow.maturity.services.matrix import SCOPES, matrix
from cxflow.maturity.services.measures import full_months, full_quarters
from tests import factories


def today(region) -> dt.date:
    return region_today(region.timezone)


def set_control(region, number, state, office=None) -> MaturityControl:
    """A control put in `state` directly (the transitions are tested on their own)."""
    control = MaturityControl(
        region_id=region.id,
        number=number,
        office_id=office.id if office else None,
        office_key=office.id if office else 0,
        status=state,
        matrix_key="matrix-2022",
        matrix_version=1,
        evidence_url="https://example.org/order.pdf" if state == "operating" else None,
    )
    db.session.add(control)
    db.session.flush()
    return control


def control(region, number, office=None) -> MaturityControl | None:
    return db.session.scalar(
        db.select(MaturityControl).filter_by(
            region_id=region.id, number=number, office_key=office.id if office else 0
        )
    )


def cx_pilot(region):
    return factories.PilotFactory(region=region, direction="cx_system", title="Система УКО")


def add_profiles(pilot, seeker: int, employer: int) -> None:
    for kind, count in (("seeker", seeker), ("employer", employer)):
        for _ in range(count):
            factories.ProfileFactory(pilot=pilot, client_type=kind)


def add_journeys(pilot, seeker: int, employer: int) -> None:
    """Journeys on one profile of each type (made for them, so profiles grow by one each)."""
    for kind, count in (("seeker", seeker), ("employer", employer)):
        if count:
            profile = factories.ProfileFactory(pilot=pilot, client_type=kind)
            for _ in range(count):
                factories.JourneyFactory(pilot=pilot, profile_id=profile.id)


def add_meetings(pilot, per_month, region) -> None:
    """`per_month` meetings (an int, or one number per month, oldest first) in each of the last
    three full calendar months."""
    months = full_months(today(region), 3)
    counts = per_month if isinstance(per_month, list | tuple) else [per_month] * 3
    for (start, _end), count in zip(months, counts, strict=True):
        for day in range(count):
            factories.MeetingFactory(pilot=pilot, held_on=start + dt.timedelta(days=day + 1))


def add_events(region, count: int, year: int | None = None) -> None:
    """Events in the last full calendar year (a year fully in the past: no date in the future)."""
    year = year or today(region).year - 1
    for n in range(count):
        db.session.add(
            CompetenceEvent(
                region_id=region.id,
                held_on=dt.date(year, 1 + n % 12, 10),
                title=f"Семинар {n + 1}",
                kind="seminar",
            )
        )
    db.session.flush()


def add_bank(pilot, cadence: str, region) -> None:
    """Own solutions: one in each of the last three full months (monthly), each of the last
    two full quarters (quarterly), or a single old one (irregular)."""
    if cadence == "monthly":
        days = [start for start, _end in full_months(today(region), 3)]
    elif cadence == "quarterly":
        days = [start for start, _end in full_quarters(today(region), 2)]
    elif cadence == "irregular":
        days = [full_quarters(today(region), 2)[0][0]]
    else:
        days = []
    for day in days:
        factories.SolutionFactory(
            pilot=pilot, created_at=dt.datetime.combine(day, dt.time(12), dt.UTC)
        )


# The numbers of seed 004 §1 per level: profiles/journeys (L52, L55), meetings per month (L76),
# events per year (L103), knowledge-bank cadence (L99–L100 read with L190–L191).
PROFILES = {1: (1, 1), 2: (2, 2), 3: (3, 3), 4: (5, 4)}
MEETINGS = {1: 0, 2: 1, 3: 1, 4: 2}
EVENTS = {1: 0, 2: 2, 3: 4, 4: 6}
BANK = {1: "none", 2: "none", 3: "quarterly", 4: "monthly"}


def meet(
    region,
    level: int,
    *,
    skip=(),
    profiles=None,
    journeys=None,
    meetings=None,
    events=None,
    bank=None,
):
    """Everything level `level` requires (cumulative), except the (number, scope) pairs in
    `skip`; the measured sources at the level's numbers unless given."""
    m = matrix()
    for activity in m.activities:
        for scope in SCOPES:
            needed = [r for lvl, r in activity.levels[scope].items() if lvl <= level]
            if not needed or not activity.is_manual(scope) or (activity.number, scope) in skip:
                continue
            state = "operating" if any(r.state == "operating" for r in needed) else "in_development"
            for office in region.offices if scope == "office" else [None]:
                set_control(region, activity.number, state, office)
    pilot = cx_pilot(region)
    seeker, employer = journeys or PROFILES[level]
    add_journeys(pilot, seeker, employer)  # also one profile of each type
    seeker, employer = profiles or PROFILES[level]
    add_profiles(pilot, max(seeker - 1, 0), max(employer - 1, 0))
    add_meetings(pilot, MEETINGS[level] if meetings is None else meetings, region)
    add_events(region, EVENTS[level] if events is None else events)
    add_bank(pilot, bank or BANK[level], region)
    db.session.commit()
    return pilot
