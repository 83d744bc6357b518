"""Demo data of the CX cycle: the working groups, KPIs, profiles, journeys and measurements
of two real 2021 pilots (seed 001 §4.3 and §4.9, seed 003), from cxflow/demo/data/cycle.toml.

The 2021 dates move onto the demo pilot's calendar: the same distance from the start of
the 2021 main phase (16.08.2021, seed 001 §1.1). Then the cycle advances as far as the data
allows, as the region's coordinator, so the history is real.
"""

import datetime as dt
import tomllib
from pathlib import Path

import sqlalchemy as sa

from cxflow.catalogue.models import CatalogueEntry
from cxflow.clients.models import ClientKpi, ClientProfile
from cxflow.clients.services import record_revision
from cxflow.core.extensions import db
from cxflow.cycle import services as cycle
from cxflow.journeys.models import Journey, JourneyStage, Measurement, PainPoint, Touchpoint
from cxflow.pilots.models import Deliverable, DeliverableKind, Pilot
from cxflow.users.models import Role, User
from cxflow.working_groups.models import Meeting, Member

DATA_FILE = Path(__file__).parent / "data" / "cycle.toml"
MAIN_PHASE_2021 = dt.date(2021, 8, 16)
# The day each artefact of the 2021 pilot was done, like the meetings' dates: the programme's
# deadlines (seed 001 App. 1): the order 1.2 (16.08.2021), KPIs 2.1.3 (27.08), the portrait 2.1.4
# (10.09), the journey 2.1.5 (24.09). They close the roadmap's lines with these days.
DONE_2021 = {
    "order": dt.date(2021, 8, 16),
    "kpi": dt.date(2021, 8, 27),
    "profile": dt.date(2021, 9, 10),
    "journey": dt.date(2021, 9, 24),
}


def recorded_at(day_2021: dt.date, shift: dt.timedelta) -> dt.datetime:
    """Noon UTC of a 2021 day moved onto the demo pilot's calendar: when it was recorded."""
    return dt.datetime.combine(day_2021 + shift, dt.time(12), tzinfo=dt.UTC)


SKIP = {"source", "member", "meeting", "kpi", "profile", "journey", "stage", "touchpoint"}


def seed_cycle(path: Path = DATA_FILE) -> int:
    """Fill the demo pilots that have no cycle data yet; returns how many were filled."""
    with path.open("rb") as f:
        pilots = tomllib.load(f)["pilot"]
    filled = 0
    for data in pilots:
        pilot = db.session.scalar(
            sa.select(Pilot).join(Pilot.region).where(Pilot.title == data["title"])
        )
        if pilot is None or _has_cycle_data(pilot):
            continue
        _fill(pilot, data, shift=pilot.start_date - MAIN_PHASE_2021)
        db.session.flush()
        _advance_while_possible(pilot)
        filled += 1
    return filled


def _has_cycle_data(pilot: Pilot) -> bool:
    return bool(
        db.session.scalar(sa.select(sa.func.count(Member.id)).where(Member.pilot_id == pilot.id))
    )


def _fields(row: dict, *extra_skip: str) -> dict:
    return {k: v for k, v in row.items() if k not in SKIP and k not in extra_skip}


def _fill(pilot: Pilot, data: dict, shift: dt.timedelta) -> None:
    own = {"pilot_id": pilot.id, "region_id": pilot.region_id}
    for row in data.get("member", []):
        db.session.add(Member(**own, **_fields(row)))
    for row in data.get("meeting", []):
        # seed 001 §2.1: the regions «сформирована и утверждена «дорожная карта»» after the
        # kick-off; the demo reads the first meeting as the one that approved it
        db.session.add(
            Meeting(
                **own,
                **_fields(row, "held_on"),
                held_on=row["held_on"] + shift,
                approves_roadmap=row["number"] == 1,
            )
        )
    for row in data.get("kpi", []):
        db.session.add(
            ClientKpi(**own, **_fields(row), created_at=recorded_at(DONE_2021["kpi"], shift))
        )
    profiles = {}
    for row in data.get("profile", []):
        profiles[row["title"]] = ClientProfile(
            **own, **_fields(row), created_at=recorded_at(DONE_2021["profile"], shift)
        )
        db.session.add(profiles[row["title"]])
    db.session.flush()
    for profile in profiles.values():
        record_revision(None, profile)  # version 1 in the profile's history
    for row in data.get("journey", []):
        _journey(pilot, row, profiles.get(row.get("profile", "")), shift)
    pilot.order_date = DONE_2021["order"] + shift
    db.session.add(
        Deliverable(
            **own,
            kind=DeliverableKind.order,
            title="Приказ о проведении пилотной апробации (печатная форма)",
            url=f"/pilots/{pilot.id}/order",
            created_at=recorded_at(DONE_2021["order"], shift),
        )
    )


def _journey(pilot: Pilot, row: dict, profile: ClientProfile | None, shift) -> None:
    own = {"pilot_id": pilot.id, "region_id": pilot.region_id}
    entry = db.session.scalar(
        sa.select(CatalogueEntry).where(CatalogueEntry.title == row["service"])
    )
    journey = Journey(
        **own,
        **_fields(row, "profile"),
        profile=profile,
        service_entry=entry,
        created_at=recorded_at(DONE_2021["journey"], shift),
    )
    db.session.add(journey)
    for position, stage_row in enumerate(row.get("stage", []), start=1):
        stage = JourneyStage(
            **own, **_fields(stage_row, "pain_point", "measurement"), position=position
        )
        journey.stages.append(stage)
        touchpoints = {}
        for tp in stage_row.get("touchpoint", []):
            touchpoints[tp["title"]] = Touchpoint(region_id=pilot.region_id, **tp)
            stage.touchpoints.append(touchpoints[tp["title"]])
        for pain in stage_row.get("pain_point", []):
            stage.pain_points.append(PainPoint(region_id=pilot.region_id, **pain))
        for m in stage_row.get("measurement", []):
            stage.measurements.append(
                Measurement(
                    **own,
                    **_fields(m, "touchpoint", "period_start", "period_end"),
                    touchpoint=touchpoints.get(m.get("touchpoint", "")),
                    period_start=m["period_start"] + shift,
                    period_end=m["period_end"] + shift,
                )
            )


def _advance_while_possible(pilot: Pilot) -> None:
    coordinator = db.session.scalar(
        sa.select(User)
        .where(User.role == Role.regional_coordinator, User.region_id == pilot.region_id)
        .order_by(User.id)
    )
    if coordinator is None:
        return
    while "advance" in cycle.allowed_events(pilot) and not cycle.advance_blockers(pilot):
        cycle.fire(coordinator, pilot, "advance", "")
