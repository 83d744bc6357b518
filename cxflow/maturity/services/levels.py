"""The region's maturity level 0–IV over the controls of the matrix (seed 004 §1).

A requirement of a level is met when the control is in the state the matrix asks for
(`in_development` where it says «Разработка», else `operating`) and, for a quantitative
control, the number read from cxflow's data reaches the threshold. Levels are cumulative
(cxflow's decision): level N needs every requirement of levels 1..N; level 0 is below I.

The stored level (RegionMaturity) moves one level at a time through the `maturity_level`
workflow, whose guards are the requirements: `reach` lists what the next level still lacks,
`lose` is allowed only when the current level is no longer met. The level is recomputed when a
control moves or a competence event is recorded, and on every read of the region's maturity
(measured sources such as meetings change with time and other pages): a change observed then
is recorded at that moment.
"""

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.maturity.models.controls import MaturityControl, RegionMaturity
from cxflow.maturity.services import measures as measures_
from cxflow.maturity.services.matrix import (
    LEVELS,
    ROMAN,
    SCOPES,
    Activity,
    Matrix,
    Requirement,
    document,
    matrix,
)
from cxflow.methodology import services as methodology_versions
from cxflow.orgs.models import Office, Region
from cxflow.workflows import engine
from cxflow.workflows.definitions import MATURITY_CONTROL, MATURITY_LEVEL

MAX_NAMED = 5  # offices named in a reason; the rest shown as "…"
STATE_RANK = {"not_started": 0, "in_development": 1, "operating": 2}


def meets_state(state: str, needed: str) -> bool:
    return STATE_RANK[state] >= STATE_RANK[needed]


@dataclass
class ControlRow:
    """One control as the page and the API show it; `control` is None until it first moves."""

    activity: Activity
    scope: str
    office: Office | None
    control: MaturityControl | None
    measured: measures_.Measured | None
    state: str
    region_id: int = 0

    @property
    def id(self) -> str:
        """A key unique on the page (for form field ids)."""
        return f"{self.number}-{self.office_id or 0}"

    @property
    def manual(self) -> bool:
        return self.activity.is_manual(self.scope)

    @property
    def number(self) -> str:
        return self.activity.number

    @property
    def office_id(self) -> int | None:
        return self.office.id if self.office else None

    @property
    def version(self) -> int:
        """The stored version; 0 for a control never moved (send 0 back to move it)."""
        return self.control.version if self.control else 0

    @property
    def allowed_events(self) -> list[str]:
        return engine.allowed_events(MATURITY_CONTROL, self.state) if self.manual else []


@dataclass
class Missing:
    level: int
    number: str
    scope: str
    reason: str

    def __str__(self) -> str:
        return f"{self.number} ({SCOPE_TITLES[self.scope]}): {self.reason}"


SCOPE_TITLES = {"region": _l("region"), "office": _l("offices")}


@dataclass
class Snapshot:
    region: Region
    matrix: Matrix
    today: dt.date
    offices: list[Office]
    rows: list[ControlRow]
    measures: dict[str, measures_.Measured]
    failing: list[Missing] = field(default_factory=list)  # every unmet requirement, any level

    def missing(self, level: int) -> list[Missing]:
        """What level `level` lacks (cumulative), one line per activity and scope: the
        unmet requirement of the highest level up to `level`."""
        worst: dict[tuple[str, str], Missing] = {}
        for item in self.failing:
            key = (item.number, item.scope)
            if item.level <= level and (key not in worst or worst[key].level < item.level):
                worst[key] = item
        order = {a.number: i for i, a in enumerate(self.matrix.activities)}
        return sorted(worst.values(), key=lambda m: (order[m.number], SCOPES.index(m.scope)))

    @property
    def level(self) -> int:
        reached = 0
        for level in LEVELS:
            if self.missing(level):
                break
            reached = level
        return reached

    @property
    def next_level(self) -> int | None:
        return self.level + 1 if self.level < LEVELS[-1] else None


# --- reading ----------------------------------------------------------------------------------


def _derived_state(activity: Activity, scope: str, measured: measures_.Measured) -> str:
    """The state of a control read from data only: operating from its first threshold on."""
    first = min(activity.levels[scope])
    if measures_.shortfall(measured, activity.levels[scope][first].threshold) is None:
        return "operating"
    value = measured.value
    started = any(value.values()) if isinstance(value, dict) else value not in (0, "none")
    return "in_development" if started else "not_started"


def _rows(
    region_id: int, m: Matrix, controls: dict, offices: list[Office], measured: dict
) -> list[ControlRow]:
    rows = []
    for activity in m.activities:
        value = measured.get(activity.measure) if activity.measure else None
        if activity.has_scope("region"):
            control = controls.get((activity.number, 0))
            if activity.is_manual("region"):
                state = control.status if control else "not_started"
            else:
                state = _derived_state(activity, "region", value)
            rows.append(ControlRow(activity, "region", None, control, value, state, region_id))
        if activity.has_scope("office"):
            for office in offices:
                control = controls.get((activity.number, office.id))
                state = control.status if control else "not_started"
                rows.append(ControlRow(activity, "office", office, control, None, state, region_id))
    return rows


def _unmet(requirement: Requirement, rows: dict, snap: "Snapshot") -> str | None:
    """Why `requirement` is not met (None: it is)."""
    activity = snap.matrix.by_number[requirement.number]
    mine = rows.get((requirement.number, requirement.scope), [])
    reasons = []
    if requirement.scope == "region":
        row = mine[0]
        if row.manual and not meets_state(row.state, requirement.state):
            reasons.append(
                str(
                    _l(
                        "needs “%(needed)s”, now “%(now)s”",
                        needed=MATURITY_CONTROL.state_titles[requirement.state],
                        now=MATURITY_CONTROL.state_titles[row.state],
                    )
                )
            )
        if requirement.threshold:
            short = measures_.shortfall(snap.measures[activity.measure], requirement.threshold)
            if short:
                reasons.append(short)
        return "; ".join(reasons) or None
    if not snap.offices:
        return str(_l("the region has no offices in cxflow yet"))
    meeting = [r for r in mine if meets_state(r.state, requirement.state)]
    needed = MATURITY_CONTROL.state_titles[requirement.state]
    if requirement.offices == "some":
        if meeting:
            return None
        return str(_l("needs “%(needed)s” in at least one office", needed=needed))
    if len(meeting) == len(mine):
        return None
    behind = [r.office.name for r in mine if not meets_state(r.state, requirement.state)]
    lacking = ", ".join(behind[:MAX_NAMED]) + ("…" if len(behind) > MAX_NAMED else "")
    return str(
        _l(
            "“%(needed)s” in %(done)s of %(total)s offices, needs every office (not yet: "
            "%(lacking)s)",
            needed=needed,
            done=len(meeting),
            total=len(mine),
            lacking=lacking,
        )
    )


def snapshot(region: Region) -> Snapshot:
    """The region's controls, measured values and unmet requirements, in a fixed number of
    queries whatever the number of offices."""
    m = matrix()
    today = region_today(region.timezone)
    offices = list(
        db.session.scalars(
            sa.select(Office).where(Office.region_id == region.id).order_by(Office.name)
        )
    )
    stored = db.session.scalars(
        sa.select(MaturityControl).where(MaturityControl.region_id == region.id)
    )
    controls = {(c.number, c.office_key): c for c in stored}
    measured = measures_.measure_all(region.id, today)
    snap = Snapshot(region, m, today, offices, [], measured)
    snap.rows = _rows(region.id, m, controls, offices, measured)
    by_place: dict[tuple[str, str], list[ControlRow]] = {}
    for row in snap.rows:  # once, not per requirement: thousands of offices stay cheap
        by_place.setdefault((row.number, row.scope), []).append(row)
    for activity in m.activities:
        for scope in SCOPES:
            for requirement in activity.levels[scope].values():
                reason = _unmet(requirement, by_place, snap)
                if reason:
                    snap.failing.append(
                        Missing(requirement.level, requirement.number, scope, reason)
                    )
    return snap


def recorded(region: Region) -> RegionMaturity | None:
    return db.session.scalar(sa.select(RegionMaturity).where(RegionMaturity.region_id == region.id))


# --- the level as a state machine -----------------------------------------------------------------


def _snapshot_of(row: RegionMaturity) -> Snapshot:
    """The snapshot a recompute attached to the row, else a fresh one."""
    return getattr(row, "_snapshot", None) or snapshot(db.session.get(Region, row.region_id))


@engine.guard("maturity_level", "reach")
def reach_blockers(row: RegionMaturity) -> list[str]:
    """Everything the next level still lacks (cumulative: the levels below it too)."""
    return [str(item) for item in _snapshot_of(row).missing(row.number + 1)]


@engine.guard("maturity_level", "lose")
def lose_blockers(row: RegionMaturity) -> list[str]:
    """A level is lost only when one of its requirements is no longer met."""
    if _snapshot_of(row).missing(row.number):
        return []
    return [str(_l("every requirement of level %(level)s is still met", level=ROMAN[row.number]))]


def record_level(actor, region: Region, snap: Snapshot | None = None) -> RegionMaturity:
    """Move the stored level to the computed one, one level at a time, each step a recorded
    transition with its reason (flushes; the caller commits)."""
    snap = snap or snapshot(region)
    row = recorded(region)
    if row is None:
        current = document()
        methodology_versions.record(current)
        row = RegionMaturity(
            region_id=region.id, matrix_key=current.key, matrix_version=current.version
        )
        db.session.add(row)
        db.session.flush()
    row._snapshot = snap
    try:
        while row.number < snap.level:
            comment = _l(
                "Every requirement of level %(level)s is met.", level=ROMAN[row.number + 1]
            )
            engine.fire(MATURITY_LEVEL, row, "reach", actor, str(comment))
        while row.number > snap.level:
            lacking = "; ".join(str(m) for m in snap.missing(row.number))
            comment = _l("No longer met: %(reasons)s", reasons=lacking)
            engine.fire(MATURITY_LEVEL, row, "lose", actor, str(comment)[:2000])
    finally:
        del row._snapshot
    return row


@dataclass
class LevelPeriod:
    level: int
    reached_on: dt.date
    lost_on: dt.date | None = None


def level_history(row: RegionMaturity | None) -> list[LevelPeriod]:
    """When each level was reached and lost, newest first, from the recorded transitions."""
    if row is None:
        return []
    periods: list[LevelPeriod] = []
    for record in engine.history(MATURITY_LEVEL, row.id):
        if record.event == "reach":
            level = int(record.to_state.removeprefix("level_"))
            periods.append(LevelPeriod(level, record.at.date()))
        else:
            level = int(record.from_state.removeprefix("level_"))
            open_ = [p for p in periods if p.level == level and p.lost_on is None]
            if open_:
                open_[-1].lost_on = record.at.date()
    return list(reversed(periods))


def level_records(row: RegionMaturity | None):
    """The recorded level transitions with their reasons, oldest first."""
    return engine.history(MATURITY_LEVEL, row.id) if row is not None else []


def observe(actor, region: Region) -> tuple[Snapshot, RegionMaturity, bool]:
    """Compute the level now and record a change observed; says whether one was recorded, so
    the caller commits only then (a commit expires every control the snapshot holds, and
    reading them again would cost a query each)."""
    snap = snapshot(region)
    before = recorded(region)
    level_before = before.number if before is not None else None
    row = record_level(actor, region, snap)
    return snap, row, row.number != level_before
