"""Solution maps and quick wins: the rules.

A solution map (карта решений) lists, per journey stage and pain point, what will be done, the
planned result, who does it and by when (seed 001 §2.8 variants A–F, seed 003). Quick wins are
the rows that bring a fast, visible result with few resources (seed 001, footnote 1). A row is
"done" when delivered and "effective" only when a measurement of its stage taken after delivery
scored better than the one before (effect monitoring, seed 001 §1.3 "мониторинг").
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, selectinload

from cxflow.core import access
from cxflow.core.clock import region_today, today_by_region
from cxflow.core.db import check_version, days_between
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.core.text import checked_text
from cxflow.journeys.models import Journey, JourneyStage, Measurement, PainPoint
from cxflow.journeys.services import measurements as journeys
from cxflow.orgs.services import region_dates
from cxflow.pilots.models import Pilot
from cxflow.pilots.signals import work_changed
from cxflow.solutions.models import Solution, Tier
from cxflow.solutions.search import index_solution
from cxflow.users.models import User
from cxflow.workflows import engine
from cxflow.workflows.definitions import SOLUTION

MAX_TEXT = 20_000
MAX_OWNER = 300
CLOSED = ("done", "cancelled")
FIELDS = (
    "stage_id",
    "pain_point_id",
    "solution",
    "planned_result",
    "owner",
    "owner_user_id",
    "window_start",
    "due_date",
    "ongoing",
    "tier",
    "quick_win",
)


# --- reading ----------------------------------------------------------------------------------


def overdue_clause(today: sa.ColumnElement | dt.date | None = None) -> sa.ColumnElement:
    """Due before today (in the region's time zone) and neither done nor cancelled."""
    today = today_by_region(Solution.region_id, region_dates()) if today is None else today
    return sa.and_(
        Solution.due_date.is_not(None), Solution.due_date < today, Solution.status.not_in(CLOSED)
    )


def days_overdue(today: sa.ColumnElement | None = None) -> sa.ColumnElement:
    """Calendar days from the due date to today in the region (positive when overdue)."""
    today = today_by_region(Solution.region_id, region_dates()) if today is None else today
    return days_between(today, Solution.due_date)


def effective_clause() -> sa.ColumnElement:
    """Delivered, and the after-measurement scored better than the before-measurement."""
    before, after = aliased(Measurement), aliased(Measurement)

    def score_of(m, column):
        return sa.select(journeys.score_sql(m)).where(m.id == column).scalar_subquery()

    return sa.and_(
        Solution.status == "done",
        score_of(after, Solution.after_measurement_id)
        > score_of(before, Solution.before_measurement_id),
    )


def solution_map(actor: User, pilot: Pilot) -> list[tuple[Solution, bool]]:
    """The pilot's solutions in journey and stage order, each with its overdue flag (SQL)."""
    access.require(actor, "pilots.view", pilot.region_id)
    overdue = sa.case((overdue_clause(), True), else_=False).label("overdue")
    stmt = (
        sa.select(Solution, overdue)
        .where(Solution.pilot_id == pilot.id)
        .outerjoin(Solution.stage)
        .outerjoin(JourneyStage.journey)
        .options(
            selectinload(Solution.stage),
            selectinload(Solution.pain_point),
            selectinload(Solution.owner_user),
            selectinload(Solution.before_measurement),
            selectinload(Solution.after_measurement),
            selectinload(Solution.origin).selectinload(Solution.pilot),
        )
        .order_by(Journey.id, JourneyStage.position, Solution.pain_point_id, Solution.id)
    )
    return [(row.Solution, bool(row.overdue)) for row in db.session.execute(stmt)]


def solution_by_id(pilot: Pilot, solution_id) -> Solution | None:
    """The pilot's solution with that id, or None."""
    solution = row_or_none(Solution, solution_id)
    return solution if solution is not None and solution.pilot_id == pilot.id else None


def stage_options(pilot: Pilot) -> list[JourneyStage]:
    """Stages of the pilot's journeys, in journey and stage order, with their pain points."""
    stmt = (
        sa.select(JourneyStage)
        .join(JourneyStage.journey)
        .where(JourneyStage.pilot_id == pilot.id)
        .options(selectinload(JourneyStage.pain_points), selectinload(JourneyStage.journey))
        .order_by(Journey.id, JourneyStage.position)
    )
    return list(db.session.scalars(stmt))


def owner_options(pilot: Pilot) -> list[User]:
    """Active users of the pilot's region: who may be named in charge of a solution."""
    stmt = (
        sa.select(User)
        .where(User.region_id == pilot.region_id, User.active.is_(True))
        .order_by(User.full_name)
    )
    return list(db.session.scalars(stmt))


def history(solution: Solution):
    return engine.history(SOLUTION, solution.id)


# --- checking input ---------------------------------------------------------------------------


def _date(errors: dict, name: str, value, pilot: Pilot) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, dt.date):
        errors[name] = _l("Enter the date.")
        return None
    if value < pilot.start_date:
        errors[name] = _l(
            "The date cannot be before the pilot starts (%(date)s).",
            date=format_date(pilot.start_date, "dd.MM.yyyy"),
        )
    elif value > journeys.LATEST:
        errors[name] = _l("Enter a date before 2101.")
    return value


def _stage(errors: dict, pilot: Pilot, data: dict) -> tuple[JourneyStage | None, PainPoint | None]:
    stage = row_or_none(JourneyStage, data.get("stage_id"))
    if data.get("stage_id") in (None, ""):
        errors["stage_id"] = _l("Choose the journey stage.")
        return None, None
    if stage is None or stage.pilot_id != pilot.id:
        errors["stage_id"] = _l("There is no such stage in this pilot's journeys.")
        return None, None
    if data.get("pain_point_id") in (None, ""):
        return stage, None
    pain = row_or_none(PainPoint, data.get("pain_point_id"))
    if pain is None or pain.stage_id != stage.id:
        errors["pain_point_id"] = _l("Choose a pain point of the chosen stage.")
        return stage, None
    return stage, pain


def _owner(errors: dict, pilot: Pilot, data: dict) -> tuple[str, User | None]:
    owner = checked_text(errors, "owner", data.get("owner"), MAX_OWNER)
    user = None
    if data.get("owner_user_id") not in (None, ""):
        user = row_or_none(User, data.get("owner_user_id"))
        if user is None or user.region_id != pilot.region_id or not user.active:
            errors["owner_user_id"] = _l("Choose an active user of the pilot's region.")
            user = None
    if user is not None and not owner:
        owner = user.full_name
    if not owner and "owner" not in errors and "owner_user_id" not in errors:
        errors["owner"] = _l("Name who is in charge (a person or a body).")
    return owner, user


def _tier(errors: dict, data: dict) -> Tier:
    if data.get("tier") not in (None, ""):
        try:
            return Tier(data["tier"])
        except ValueError:
            errors["tier"] = _l("Choose quick win, long term or deferred.")
            return Tier.long_term
    return Tier.quick_win if data.get("quick_win") is True else Tier.long_term


def _check(pilot: Pilot, data: dict) -> tuple[dict, dict]:
    errors: dict = {}
    stage, pain = _stage(errors, pilot, data)
    owner, owner_user = _owner(errors, pilot, data)
    ongoing = data.get("ongoing") is True
    window_start = _date(errors, "window_start", data.get("window_start"), pilot)
    due = _date(errors, "due_date", data.get("due_date"), pilot)
    if due is None and not ongoing and "due_date" not in errors:
        errors["due_date"] = _l("Enter the due date, or mark the solution as ongoing.")
    if window_start and due and window_start > due and "due_date" not in errors:
        errors["window_start"] = _l("The window cannot start after the due date.")
    values = {  # related rows as objects: the search text is built before the one write
        "stage": stage,
        "pain_point": pain,
        "solution": checked_text(
            errors, "solution", data.get("solution"), MAX_TEXT, _l("Describe the solution.")
        ),
        "planned_result": checked_text(
            errors, "planned_result", data.get("planned_result"), MAX_TEXT
        ),
        "owner": owner,
        "owner_user": owner_user,
        "window_start": window_start,
        "due_date": due,
        "ongoing": ongoing,
        "tier": _tier(errors, data),
    }
    return errors, values


# --- writing ----------------------------------------------------------------------------------


def create_solution(actor: User, pilot: Pilot, data: dict) -> Solution:
    access.require(actor, "cycle.edit", pilot.region_id)
    errors, values = _check(pilot, data)
    if errors:
        raise ValidationError(errors)
    solution = Solution(pilot=pilot, region_id=pilot.region_id, **values)
    index_solution(solution)
    db.session.add(solution)
    db.session.flush()
    work_changed(pilot, actor)
    return solution


def solution_data(solution: Solution) -> dict:
    """A solution's values under the names its input uses."""
    data = {name: getattr(solution, name) for name in FIELDS if name != "quick_win"}
    return data | {"tier": solution.tier.value}


def update_solution(actor: User, solution: Solution, data: dict, version: int | None) -> Solution:
    access.require(actor, "cycle.edit", solution.region_id)
    check_version(solution, version)
    given = {k: v for k, v in data.items() if k in FIELDS}
    if "quick_win" in given and "tier" not in given:
        given["tier"] = Tier.quick_win.value if given["quick_win"] is True else Tier.long_term
    errors, values = _check(solution.pilot, solution_data(solution) | given)
    if errors:
        raise ValidationError(errors)
    if values["stage"] is not solution.stage:
        # The linked measurements were of the old stage: they say nothing of the new one.
        solution.before_measurement = solution.after_measurement = None
    for name, value in values.items():
        setattr(solution, name, value)
    index_solution(solution)
    db.session.flush()
    return solution


def delete_solution(actor: User, solution: Solution) -> None:
    access.require(actor, "cycle.edit", solution.region_id)
    pilot = solution.pilot
    db.session.delete(solution)
    db.session.flush()
    work_changed(pilot, actor)


def fire(
    actor: User,
    solution: Solution,
    event: str,
    comment: str = "",
    done_on=None,
    version: int | None = None,
) -> Solution:
    """Start, complete (recording the day it was delivered: `done_on`, by default today in
    the region), cancel or reopen a solution. With `version` (the one the user read), a
    solution changed meanwhile is a conflict rather than a second, unseen transition."""
    if version is not None:
        check_version(solution, version)
    if event == "complete":
        done_on = _done_on(solution, done_on)
    engine.fire(SOLUTION, solution, event, actor, comment)
    if solution.status == "done":
        solution.done_on = done_on
    elif event == "reopen":
        # The delivery is undone: the measurement "after" it no longer follows a delivery
        # (link_measurements allows one only on a done solution, from its done_on).
        solution.done_on = None
        solution.after_measurement = None
    db.session.flush()
    return solution


def _done_on(solution: Solution, value) -> dt.date:
    today = region_today(solution.pilot.region.timezone)
    if value in (None, ""):
        return today
    errors: dict = {}
    day = _date(errors, "done_on", value, solution.pilot)
    if not errors and day > today:
        errors["done_on"] = _l("The day of delivery cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return day


# --- effect monitoring ------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """Before and after measurements of the solution's stage and what changed."""

    before: Measurement | None
    after: Measurement | None
    verdict: str  # not_measured | not_comparable | improved | unchanged | worse
    change: float | None  # after score − before score (0..1 scale)

    @property
    def effective(self) -> bool:
        return self.verdict == "improved"


VERDICT_TITLES = {
    "not_measured": _l("not measured yet"),
    "not_comparable": _l("cannot be compared (no score)"),
    "improved": _l("improved"),
    "unchanged": _l("unchanged"),
    "worse": _l("worse"),
}


def effect(solution: Solution) -> Effect:
    before, after = solution.before_measurement, solution.after_measurement
    if before is None or after is None:
        return Effect(before, after, "not_measured", None)
    low, high = journeys.score(before), journeys.score(after)
    if low is None or high is None:
        return Effect(before, after, "not_comparable", None)
    change = high - low
    verdict = "improved" if change > 0 else "worse" if change < 0 else "unchanged"
    return Effect(before, after, verdict, change)


def is_effective(solution: Solution) -> bool:
    return solution.status == "done" and effect(solution).effective


def stage_measurements(solution: Solution) -> list[Measurement]:
    """Measurements of the solution's stage, latest first (the choices of before/after)."""
    if solution.stage is None:
        return []
    return sorted(solution.stage.measurements, key=lambda m: (m.period_end, m.id), reverse=True)


def _measurement(errors: dict, name: str, solution: Solution, value) -> Measurement | None:
    if value in (None, ""):
        return None
    m = row_or_none(Measurement, value)
    if m is None or solution.stage_id is None or m.stage_id != solution.stage_id:
        errors[name] = _l("Choose a measurement of the solution's stage.")
        return None
    return m


def link_measurements(actor: User, solution: Solution, data: dict, version: int | None):
    """Set the before and after measurements: both of the solution's stage, the same metric,
    the after one starting on or after the day of delivery and after the before one."""
    access.require(actor, "cycle.edit", solution.region_id)
    check_version(solution, version)
    errors: dict = {}
    before, after = (
        _measurement(errors, name, solution, data.get(name))
        for name in ("before_measurement_id", "after_measurement_id")
    )
    if after is not None and solution.status != "done":
        errors["after_measurement_id"] = _l(
            "Mark the solution delivered before choosing the measurement after it."
        )
    elif after is not None and after.period_start < solution.done_on:
        errors["after_measurement_id"] = _l(
            "The measurement after must start on or after the day of delivery (%(date)s).",
            date=format_date(solution.done_on, "dd.MM.yyyy"),
        )
    if before is not None and after is not None and "after_measurement_id" not in errors:
        if before.period_start >= after.period_start:
            errors["before_measurement_id"] = _l(
                "The measurement before must start earlier than the one after."
            )
        elif before.metric != after.metric:
            errors["after_measurement_id"] = _l(
                "Choose a measurement with the same metric as the one before."
            )
    if errors:
        raise ValidationError(errors)
    solution.before_measurement = before
    solution.after_measurement = after
    db.session.flush()
    return solution
