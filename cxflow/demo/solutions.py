"""Demo solution maps and quick wins of the seeded pilots (seed 001 §4.3, §4.9; seed 003), from
cxflow/demo/data/solutions.toml; its header states the rules, each item its source.

Everything goes through the services as the region's coordinator, so that the rows are checked
and indexed for the knowledge bank and the statuses have a history. 2021 dates move onto the
demo pilot's calendar as in the CX cycle's demo (cxflow/demo/cycle.py). A solution that the
source reports done, but whose shifted day of delivery is still ahead in the region, stays in
progress: the service refuses a future `done_on`. The cycle is not moved.
"""

import datetime as dt
import tomllib
from pathlib import Path

import sqlalchemy as sa

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.demo.cycle import MAIN_PHASE_2021, recorded_at
from cxflow.journeys.models import JourneyStage
from cxflow.pilots.models import Pilot
from cxflow.solutions import services
from cxflow.solutions.models import Solution
from cxflow.users.models import Role, User

DATA_FILE = Path(__file__).parent / "data" / "solutions.toml"
NO_OWNER = "Рабочая группа"
# The day the 2021 solution maps were made, like the other artefacts' (cxflow.demo.cycle): the
# programme's deadline, seed 001 App. 1 item 2.1.8 «до 08.10.2021».
MAP_2021 = dt.date(2021, 10, 8)


def seed_solutions(path: Path = DATA_FILE) -> int:
    """Add the demo maps of pilots that have no solution yet; returns how many were added."""
    with path.open("rb") as f:
        pilots = tomllib.load(f)["pilot"]
    added = 0
    for data in pilots:
        pilot = db.session.scalar(sa.select(Pilot).where(Pilot.title == data["title"]))
        if pilot is None or _has_solutions(pilot):
            continue
        coordinator = _coordinator(pilot)
        if coordinator is None:
            continue
        added += _fill(pilot, coordinator, data)
    return added


def _has_solutions(pilot: Pilot) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.count(Solution.id)).where(Solution.pilot_id == pilot.id)
        )
    )


def _coordinator(pilot: Pilot) -> User | None:
    return db.session.scalar(
        sa.select(User)
        .where(User.role == Role.regional_coordinator, User.region_id == pilot.region_id)
        .order_by(User.id)
    )


def _stages(pilot: Pilot) -> dict[str, JourneyStage]:
    stages = db.session.scalars(sa.select(JourneyStage).where(JourneyStage.pilot_id == pilot.id))
    return {stage.title: stage for stage in stages}


def _pain_point_id(stage: JourneyStage, beginning: str | None) -> int | None:
    """The stage's pain point whose description starts with `beginning` (exactly one)."""
    if not beginning:
        return None
    found = [p for p in stage.pain_points if p.description.startswith(beginning)]
    if len(found) != 1:
        raise LookupError(f"{stage.title}: {len(found)} pain points start with «{beginning}»")
    return found[0].id


def _dates(pilot: Pilot, row: dict, shift: dt.timedelta) -> dict:
    if row.get("ongoing"):
        return {"ongoing": True}
    if row.get("until_pilot_end"):  # the source names no deadline
        if pilot.end_date is None:
            return {"ongoing": True}
        return {"due_date": pilot.end_date}
    if "window" in row:
        start, end = row["window"]
        return {"window_start": start + shift, "due_date": end + shift}
    return {"due_date": row["due_date"] + shift}


def _fill(pilot: Pilot, coordinator: User, data: dict) -> int:
    shift = pilot.start_date - MAIN_PHASE_2021
    stages = _stages(pilot)
    owners = {o["stage"]: o["owner"] for o in data.get("owner", [])}
    today = region_today(pilot.region.timezone)
    for row in data.get("solution", []):
        stage = stages[row["stage"]]
        values = {
            "stage_id": stage.id,
            "pain_point_id": _pain_point_id(stage, row.get("pain_point")),
            "solution": row["solution"],
            "planned_result": row.get("planned_result", ""),
            "owner": row.get("owner") or owners.get(row["stage"], NO_OWNER),
            "tier": row["tier"],
        } | _dates(pilot, row, shift)
        solution = services.create_solution(coordinator, pilot, values)
        solution.created_at = recorded_at(MAP_2021, shift)
        _set_status(coordinator, solution, row, shift, today)
    return len(data.get("solution", []))


def _set_status(coordinator: User, solution: Solution, row: dict, shift, today: dt.date) -> None:
    status = row["status"]
    comment = f"Демо-данные: {row['status_source']}"[:2000]
    if status == "done":
        done_on = row["done_on"] + shift
        if done_on <= today:
            services.fire(coordinator, solution, "complete", comment, done_on=done_on)
            return
        status = "in_progress"  # delivered in the source, but that day is still ahead here
    if status == "in_progress":
        services.fire(coordinator, solution, "start", comment)
