"""Client journeys and the measurements taken along them: the rules.

A journey is the path of one client profile through one service, as ordered stages with
touchpoints and pain points (seed 001 §2.7; seed 003 «Путь клиента»). A measurement is one
value of the experience at a stage or one of its touchpoints (seed 001 §9.1–9.2); its value is
normalised to a score from 0 to 1 so that stages measured on different scales can be compared
and coloured on the map.
"""

import datetime as dt
import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.catalogue.models import CatalogueEntry, EntryKind
from cxflow.clients.models import ClientProfile
from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.core.text import checked_text, clean_text
from cxflow.journeys.models import (
    STAGE_KIND_TITLES,
    Channel,
    Journey,
    JourneyStage,
    Measurement,
    Method,
    Metric,
    PainPoint,
    StageKind,
    Touchpoint,
)
from cxflow.pilots.models import Pilot
from cxflow.users.models import User

MAX_TITLE = 300
MAX_CONDITION = 500
MAX_METRIC_NAME = 200
MAX_TEXT = 20_000
MAX_STAGES = 100  # per journey in one request
MAX_ITEMS = 100  # touchpoints or pain points per stage in one request
MAX_SAMPLE = 10_000_000
MAX_ABS_VALUE = 1e12  # larger is a typo, and keeps every database's float happy
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)

# Stages that only happen under a condition, or repeat, must say when (seed 001 §2.7:
# Vladimir «если не удалось п.4», Chelyabinsk «остается на учете, если не трудоустроился»).
NEEDS_CONDITION = (StageKind.conditional, StageKind.loop)
# Catalogue entries a journey may be built for (seed 000: a public service or one service).
JOURNEY_ENTRY_KINDS = (EntryKind.public_service, EntryKind.service)
STAGE_TEXTS = ("client_goal", "office_goal")
STAGE_LINES = ("client_thoughts", "barriers", "responsible_internal", "responsible_external")
STAGE_FIELDS = ("title", "kind", "condition", *STAGE_TEXTS, *STAGE_LINES)
JOURNEY_FIELDS = ("title", "service", "service_entry_id", "profile_id", "trigger")
MEASUREMENT_FIELDS = (
    "method",
    "metric",
    "metric_name",
    "formula",
    "scale_min",
    "scale_max",
    "value",
    "sample_size",
    "period_start",
    "period_end",
    "note",
    "touchpoint",
)

# --- scores -----------------------------------------------------------------------------------

# Metrics whose scale is fixed by their definition (API.md: share satisfied is a percent).
FIXED_SCALES: dict[Metric, tuple[float, float]] = {
    Metric.share_satisfied: (0.0, 100.0),
    Metric.csi: (0.0, 100.0),
    Metric.nps: (-100.0, 100.0),
}
# Metrics on a scale the region chose (1–3, 1–5, 1–10 were all used in 2021).
OWN_SCALE = (Metric.mean_score, Metric.ces)
LOW, MEDIUM = 0.5, 0.75  # score bands: below 0.5 low, below 0.75 medium, else high
BAND_TITLES = {"high": _l("high"), "medium": _l("medium"), "low": _l("low")}
NOT_MEASURED = _l("not measured")
NO_SCORE = _l("no score (custom metric)")


def _metric(value) -> Metric | None:
    try:
        return Metric(value)
    except ValueError:
        return None


def scale_of(m) -> tuple[float, float] | None:
    """The scale a measurement's value lies on, or None when it has none."""
    metric = _metric(m.metric)
    if metric in FIXED_SCALES:
        return FIXED_SCALES[metric]
    if m.scale_min is None or m.scale_max is None or m.scale_max <= m.scale_min:
        return None
    return (m.scale_min, m.scale_max)


def score(m) -> float | None:
    """The value normalised to 0..1 (share and CSI v/100, NPS (v + 100)/200, mean score and
    CES (v − min)/(max − min)); None for a custom metric, which has no agreed direction."""
    metric = _metric(m.metric)
    if metric is None or metric == Metric.custom or m.value is None:
        return None
    scale = scale_of(m)
    if scale is None:
        return None
    low, high = scale
    return (m.value - low) / (high - low)


def score_sql(m) -> sa.ColumnElement:
    """`score()` as a SQL expression on the Measurement entity or alias `m` (NULL where
    `score()` is None), for filters such as "the after-measurement improved"."""
    fixed = {metric.value: scale for metric, scale in FIXED_SCALES.items()}
    low = sa.case({k: lo for k, (lo, _) in fixed.items()}, value=m.metric, else_=m.scale_min)
    high = sa.case({k: hi for k, (_, hi) in fixed.items()}, value=m.metric, else_=m.scale_max)
    return sa.case(
        (m.metric == Metric.custom, sa.null()),
        (high > low, (m.value - low) / (high - low)),
        else_=sa.null(),
    )


def band(value: float | None) -> str | None:
    """The band of a score: low below 0.5, medium below 0.75, high from 0.75; None
    without a score."""
    if value is None:
        return None
    if value < LOW:
        return "low"
    if value < MEDIUM:
        return "medium"
    return "high"


def latest(measurements: Iterable[Measurement]) -> Measurement | None:
    """The latest measurement: the greatest period end, then the greatest id."""
    return max(measurements, key=lambda m: (m.period_end, m.id or 0), default=None)


@dataclass(frozen=True)
class StageState:
    """What the map shows of a stage's latest measurement."""

    latest: Measurement | None
    score: float | None
    band: str | None

    @property
    def band_title(self) -> str:
        if self.latest is None:
            return str(NOT_MEASURED)
        return str(BAND_TITLES[self.band]) if self.band else str(NO_SCORE)


def stage_state(stage: JourneyStage) -> StageState:
    last = latest(stage.measurements)
    value = score(last) if last is not None else None
    return StageState(last, value, band(value))


def number(value: float | None) -> str:
    """A value as people write it: no trailing zeros, the locale's decimal sign."""
    if value is None:
        return ""
    return format_decimal(value, format="0.##")


def scale_text(m) -> str:
    scale = scale_of(m)
    if scale is None:
        return ""
    low, high = scale
    joint = "–" if low >= 0 else " … "
    return f"{number(low)}{joint}{number(high)}"


def describe(m: Measurement) -> str:
    """The value with its scale and, always, its sample size: «2.6 on 1–3, n = 45».
    n = 0 only comes from the seeds, which often state no sample size."""
    value = number(m.value)
    n = m.sample_size or _("not stated in the source")
    if _metric(m.metric) == Metric.share_satisfied:
        return _("%(value)s%%, n = %(n)s", value=value, n=n)
    scale = scale_text(m)
    if scale:
        return _("%(value)s on %(scale)s, n = %(n)s", value=value, scale=scale, n=n)
    return _("%(value)s, n = %(n)s", value=value, n=n)


def kind_text(stage: JourneyStage) -> str:
    """The stage's kind in words, with its condition: «conditional: если не удалось п.4»."""
    if stage.kind == StageKind.regular and not stage.condition:
        return ""
    title = str(STAGE_KIND_TITLES.get(StageKind(stage.kind), stage.kind))
    if stage.kind == StageKind.loop:
        title = _("loop, repeats")
    return f"{title}: {stage.condition}" if stage.condition else title


def lines(text: str | None) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


# --- cleaning input ---------------------------------------------------------------------------


def clean_lines(value) -> str:
    """One item per line: each stripped, empty lines dropped."""
    if isinstance(value, list | tuple):
        value = "\n".join(v for v in value if isinstance(v, str))
    return "\n".join(line.strip() for line in clean_text(value).splitlines() if line.strip())


def _enum(kind: type[enum.Enum], value):
    try:
        return kind(value)
    except ValueError:
        return None


def _number(errors: dict, name: str, value, missing=None) -> float | None:
    if value is None or value == "":
        if missing is not None:
            errors[name] = missing
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors[name] = _l("Enter a number.")
        return None
    if not math.isfinite(value) or abs(value) > MAX_ABS_VALUE:
        errors[name] = _l("Enter a real number of a sensible size.")
        return None
    return float(value)


def _date(errors: dict, name: str, value) -> dt.date | None:
    if not isinstance(value, dt.date):
        errors[name] = _l("Enter the date.")
        return None
    if not EARLIEST <= value <= LATEST:
        errors[name] = _l("Enter a date between 2000 and 2100.")
        return None
    return value


def _prefixed(errors: dict, prefix: str) -> dict:
    return {f"{prefix}{name}": message for name, message in errors.items()}


# --- reading ----------------------------------------------------------------------------------


def list_journeys(actor: User, pilot: Pilot) -> sa.Select:
    """The pilot's journeys with what the list shows (profile, stage and pain point counts)."""
    access.require(actor, "pilots.view", pilot.region_id)
    stmt = (
        sa.select(Journey)
        .where(Journey.pilot_id == pilot.id)
        .options(
            selectinload(Journey.profile),
            selectinload(Journey.stages).selectinload(JourneyStage.pain_points),
        )
        .order_by(Journey.id)
    )
    return access.scoped(stmt, Journey, actor)


def load_map(journey: Journey) -> Journey:
    """The journey with everything its map shows, in a fixed number of queries."""
    stmt = (
        sa.select(Journey)
        .where(Journey.id == journey.id)
        .options(
            selectinload(Journey.profile),
            selectinload(Journey.service_entry),
            selectinload(Journey.stages).options(
                selectinload(JourneyStage.touchpoints),
                selectinload(JourneyStage.pain_points),
                selectinload(JourneyStage.measurements).selectinload(Measurement.author),
            ),
        )
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(stmt).one()


def stage_measurements(actor: User, stage: JourneyStage) -> list[Measurement]:
    access.require(actor, "pilots.view", stage.region_id)
    return sorted(stage.measurements, key=lambda m: (m.period_end, m.id), reverse=True)


def list_pilot_measurements(actor: User, pilot: Pilot) -> sa.Select:
    """Every measurement of the pilot, latest first."""
    access.require(actor, "pilots.view", pilot.region_id)
    stmt = (
        sa.select(Measurement)
        .where(Measurement.pilot_id == pilot.id)
        .options(selectinload(Measurement.stage))
        .order_by(Measurement.period_end.desc(), Measurement.id.desc())
    )
    return access.scoped(stmt, Measurement, actor)


def profile_options(pilot: Pilot) -> list[tuple[int, str]]:
    profiles = db.session.scalars(
        sa.select(ClientProfile)
        .where(ClientProfile.pilot_id == pilot.id)
        .order_by(ClientProfile.id)
    )
    return [(p.id, p.title) for p in profiles]


# --- journeys ---------------------------------------------------------------------------------


def _check_journey(pilot: Pilot, data: dict, require_profile: bool = True) -> tuple[dict, dict]:
    errors: dict = {}
    values = {
        "title": checked_text(errors, "title", data.get("title"), MAX_TITLE, _l("Enter the title."))
    }
    entry = None
    if data.get("service_entry_id") is not None:
        entry = row_or_none(CatalogueEntry, data["service_entry_id"])
        if entry is None or entry.kind not in JOURNEY_ENTRY_KINDS:
            errors["service_entry_id"] = _l(
                "Choose a public service or a service of the catalogue."
            )
            entry = None
    values["service_entry_id"] = entry.id if entry else None
    service = checked_text(errors, "service", data.get("service"), MAX_TITLE)
    if not service and entry is not None:
        service = entry.title  # chosen from the catalogue, not typed
    if not service and "service_entry_id" not in errors:
        errors["service"] = _l("Enter the service or choose it from the catalogue.")
    values["service"] = service
    # A journey keeps going when its profile is deleted; a profile sent must be the pilot's.
    profile = row_or_none(ClientProfile, data.get("profile_id"))
    kept = data.get("profile_id") is None and not require_profile
    if not kept and (profile is None or profile.pilot_id != pilot.id):
        errors["profile_id"] = _l("Choose a client profile of this pilot.")
    values["profile_id"] = profile.id if profile else None
    values["trigger"] = checked_text(errors, "trigger", data.get("trigger"), MAX_TEXT)
    return errors, values


def create_journey(actor: User, pilot: Pilot, data: dict) -> Journey:
    """A journey with, optionally, its stages and their touchpoints and pain points; all of
    it is checked before anything is saved, and an error names its place ("stages.2.title")."""
    access.require(actor, "cycle.edit", pilot.region_id)
    errors, values = _check_journey(pilot, data)
    stages = data.get("stages") or []
    if len(stages) > MAX_STAGES:
        errors["stages"] = _l("At most %(n)s stages.", n=MAX_STAGES)
        stages = []
    checked = []
    for i, stage_data in enumerate(stages):
        stage_errors, stage_values = _check_stage_tree(stage_data)
        errors |= _prefixed(stage_errors, f"stages.{i}.")
        checked.append(stage_values)
    if errors:
        raise ValidationError(errors)
    journey = Journey(pilot_id=pilot.id, region_id=pilot.region_id, **values)
    db.session.add(journey)
    for position, stage_values in enumerate(checked, 1):
        _build_stage(journey, position, stage_values)
    db.session.flush()
    return journey


def update_journey(actor: User, journey: Journey, data: dict, version: int | None) -> Journey:
    access.require(actor, "cycle.edit", journey.region_id)
    check_version(journey, version)
    merged = {name: data.get(name, getattr(journey, name)) for name in JOURNEY_FIELDS}
    if "service_entry_id" in data and "service" not in data:
        merged["service"] = ""  # a newly chosen catalogue entry names the service
    errors, values = _check_journey(
        journey.pilot, merged, require_profile="profile_id" in data or bool(journey.profile_id)
    )
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(journey, name, value)
    db.session.flush()
    return journey


def delete_journey(actor: User, journey: Journey) -> None:
    access.require(actor, "cycle.edit", journey.region_id)
    db.session.delete(journey)
    db.session.flush()


# --- stages -----------------------------------------------------------------------------------


def _check_stage(data: dict) -> tuple[dict, dict]:
    errors: dict = {}
    values: dict = {
        "title": checked_text(errors, "title", data.get("title"), MAX_TITLE, _l("Enter the stage."))
    }
    kind = _enum(StageKind, data.get("kind") or StageKind.regular)
    if kind is None:
        errors["kind"] = _l("Choose the kind of stage.")
    values["kind"] = kind or StageKind.regular
    values["condition"] = checked_text(errors, "condition", data.get("condition"), MAX_CONDITION)
    if kind in NEEDS_CONDITION and not values["condition"] and "condition" not in errors:
        errors["condition"] = (
            _l("Say when the client goes through this stage (e.g. «если не удалось п.4»).")
            if kind == StageKind.conditional
            else _l("Say when the stage repeats and where the client goes back to.")
        )
    for name in STAGE_TEXTS:
        values[name] = checked_text(errors, name, data.get(name), MAX_TEXT)
    for name in STAGE_LINES:
        values[name] = clean_lines(data.get(name))
        if len(values[name]) > MAX_TEXT:
            errors[name] = _l("At most %(n)s characters.", n=MAX_TEXT)
    return errors, values


def _check_stage_tree(data) -> tuple[dict, dict]:
    """A stage with its nested touchpoints and pain points (errors named in place)."""
    if not isinstance(data, dict):
        return {"title": _l("Enter the stage.")}, {}
    errors, values = _check_stage(data)
    for key, check in (("touchpoints", _check_touchpoint), ("pain_points", _check_pain_point)):
        items = data.get(key) or []
        if len(items) > MAX_ITEMS:
            errors[key] = _l("At most %(n)s per stage.", n=MAX_ITEMS)
            items = []
        values[key] = []
        for i, item in enumerate(items):
            item_errors, item_values = check(item, None)
            errors |= _prefixed(item_errors, f"{key}.{i}.")
            values[key].append(item_values)
    return errors, values


def _build_stage(journey: Journey, position: int, values: dict) -> JourneyStage:
    stage = JourneyStage(
        pilot_id=journey.pilot_id,
        region_id=journey.region_id,
        position=position,
        **{name: values[name] for name in STAGE_FIELDS},
    )
    journey.stages.append(stage)
    for item in values.get("touchpoints", ()):
        stage.touchpoints.append(Touchpoint(region_id=journey.region_id, **item))
    for item in values.get("pain_points", ()):
        stage.pain_points.append(PainPoint(region_id=journey.region_id, **item))
    return stage


def add_stage(actor: User, journey: Journey, data: dict) -> JourneyStage:
    """A stage at the end of the journey, with its touchpoints and pain points if given."""
    access.require(actor, "cycle.edit", journey.region_id)
    if len(journey.stages) >= MAX_STAGES:
        raise ValidationError({"title": _l("At most %(n)s stages.", n=MAX_STAGES)})
    errors, values = _check_stage_tree(data)
    if errors:
        raise ValidationError(errors)
    stage = _build_stage(journey, len(journey.stages) + 1, values)
    db.session.flush()
    return stage


def update_stage(actor: User, stage: JourneyStage, data: dict, version: int | None) -> JourneyStage:
    access.require(actor, "cycle.edit", stage.region_id)
    check_version(stage, version)
    merged = {name: data.get(name, getattr(stage, name)) for name in STAGE_FIELDS}
    errors, values = _check_stage(merged)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(stage, name, value)
    db.session.flush()
    return stage


def _renumber(journey: Journey) -> None:
    """Positions 1…n in the current order, so stage numbers have no gaps."""
    for position, stage in enumerate(sorted(journey.stages, key=lambda s: s.position), 1):
        if stage.position != position:
            stage.position = position


def move_stage(actor: User, stage: JourneyStage, direction: str) -> JourneyStage:
    """Swap the stage with its neighbour above (`up`) or below (`down`); at an end, nothing."""
    access.require(actor, "cycle.edit", stage.region_id)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _l("Choose up or down.")})
    journey = stage.journey
    _renumber(journey)
    ordered = sorted(journey.stages, key=lambda s: s.position)
    index = ordered.index(stage)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        stage.position, ordered[other].position = ordered[other].position, stage.position
    db.session.flush()
    return stage


def delete_stage(actor: User, stage: JourneyStage) -> None:
    """Delete a stage with its touchpoints, pain points and measurements; renumber the rest."""
    access.require(actor, "cycle.edit", stage.region_id)
    journey = stage.journey
    journey.stages.remove(stage)
    db.session.flush()
    _renumber(journey)
    db.session.flush()


# --- touchpoints and pain points --------------------------------------------------------------


def _as_item(data, main: str) -> dict:
    """A touchpoint or pain point may be given as its title or description alone."""
    if isinstance(data, str):
        return {main: data}
    return data if isinstance(data, dict) else {}


def _check_touchpoint(data, stage: JourneyStage | None) -> tuple[dict, dict]:
    data = _as_item(data, "title")
    errors: dict = {}
    values = {
        "title": checked_text(
            errors, "title", data.get("title"), MAX_TITLE, _l("Enter the touchpoint.")
        ),
        "responsible": checked_text(errors, "responsible", data.get("responsible"), MAX_TITLE),
    }
    channel = _enum(Channel, data.get("channel") or Channel.other)
    if channel is None:
        errors["channel"] = _l("Choose a channel.")
    values["channel"] = channel or Channel.other
    return errors, values


def _stage_touchpoint(errors: dict, name: str, stage: JourneyStage | None, touchpoint_id):
    """A touchpoint of the same stage (pain points and measurements stay within their stage)."""
    if touchpoint_id is None or touchpoint_id == "":
        return None
    found = next((t for t in stage.touchpoints if t.id == touchpoint_id), None) if stage else None
    if found is None:
        errors[name] = _l("Choose a touchpoint of this stage.")
    return found


def _check_pain_point(data, stage: JourneyStage | None) -> tuple[dict, dict]:
    data = _as_item(data, "description")
    errors: dict = {}
    values = {
        "description": checked_text(
            errors,
            "description",
            data.get("description"),
            MAX_TEXT,
            _l("Describe the pain point."),
        ),
        "evidence": checked_text(errors, "evidence", data.get("evidence"), MAX_TEXT),
    }
    if stage is not None or data.get("touchpoint_id") is not None:
        touchpoint = _stage_touchpoint(errors, "touchpoint_id", stage, data.get("touchpoint_id"))
        values["touchpoint_id"] = touchpoint.id if touchpoint else None
    return errors, values


def add_touchpoint(actor: User, stage: JourneyStage, data: dict) -> Touchpoint:
    access.require(actor, "cycle.edit", stage.region_id)
    errors, values = _check_touchpoint(data, stage)
    if errors:
        raise ValidationError(errors)
    touchpoint = Touchpoint(region_id=stage.region_id, **values)
    stage.touchpoints.append(touchpoint)
    db.session.flush()
    return touchpoint


def update_touchpoint(
    actor: User, touchpoint: Touchpoint, data: dict, version: int | None
) -> Touchpoint:
    access.require(actor, "cycle.edit", touchpoint.region_id)
    check_version(touchpoint, version)
    merged = {name: data.get(name, getattr(touchpoint, name)) for name in _TOUCHPOINT_FIELDS}
    errors, values = _check_touchpoint(merged, touchpoint.stage)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(touchpoint, name, value)
    db.session.flush()
    return touchpoint


def delete_touchpoint(actor: User, touchpoint: Touchpoint) -> None:
    """Pain points and measurements at the touchpoint stay, at its stage as a whole (the
    foreign keys' ON DELETE SET NULL)."""
    access.require(actor, "cycle.edit", touchpoint.region_id)
    stage = touchpoint.stage
    stage.touchpoints.remove(touchpoint)
    db.session.flush()
    db.session.expire_all()  # what the database set to NULL


_TOUCHPOINT_FIELDS = ("title", "channel", "responsible")
_PAIN_FIELDS = ("description", "evidence", "touchpoint_id")


def add_pain_point(actor: User, stage: JourneyStage, data: dict) -> PainPoint:
    access.require(actor, "cycle.edit", stage.region_id)
    errors, values = _check_pain_point(data, stage)
    if errors:
        raise ValidationError(errors)
    pain = PainPoint(region_id=stage.region_id, **values)
    stage.pain_points.append(pain)
    db.session.flush()
    return pain


def update_pain_point(actor: User, pain: PainPoint, data: dict, version: int | None) -> PainPoint:
    access.require(actor, "cycle.edit", pain.region_id)
    check_version(pain, version)
    merged = {name: data.get(name, getattr(pain, name)) for name in _PAIN_FIELDS}
    errors, values = _check_pain_point(merged, pain.stage)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(pain, name, value)
    db.session.flush()
    return pain


def delete_pain_point(actor: User, pain: PainPoint) -> None:
    access.require(actor, "cycle.edit", pain.region_id)
    pain.stage.pain_points.remove(pain)
    db.session.flush()


# --- measurements -----------------------------------------------------------------------------


def _check_scale(errors: dict, metric: Metric | None, data: dict) -> tuple[float | None, ...]:
    """The scale: fixed by the metric, required for a mean score or CES, optional for a custom
    metric (then both ends)."""
    low = _number(errors, "scale_min", data.get("scale_min"))
    high = _number(errors, "scale_max", data.get("scale_max"))
    if metric in FIXED_SCALES:
        return FIXED_SCALES[metric]  # e.g. a percent is always 0–100
    if metric in OWN_SCALE or low is not None or high is not None:
        if low is None and "scale_min" not in errors:
            errors["scale_min"] = _l("Enter the lowest value of the scale (e.g. 1).")
        if high is None and "scale_max" not in errors:
            errors["scale_max"] = _l("Enter the highest value of the scale (e.g. 5).")
        if low is not None and high is not None and low >= high:
            errors["scale_max"] = _l("The highest value must be greater than the lowest.")
    return low, high


def _check_measurement(stage: JourneyStage, data: dict) -> tuple[dict, dict]:
    errors: dict = {}
    method = _enum(Method, data.get("method"))
    if method is None:
        errors["method"] = _l("Choose the method of measurement.")
    metric = _enum(Metric, data.get("metric"))
    if metric is None:
        errors["metric"] = _l("Choose the metric.")
    metric_name = checked_text(errors, "metric_name", data.get("metric_name"), MAX_METRIC_NAME)
    if metric == Metric.custom and not metric_name and "metric_name" not in errors:
        errors["metric_name"] = _l("Name the custom metric.")
    low, high = _check_scale(errors, metric, data)
    value = _number(errors, "value", data.get("value"), _l("Enter the value."))
    scaled = value is not None and low is not None and high is not None and low < high
    if scaled and not low <= value <= high:
        errors["value"] = _l(
            "The value must be between %(low)s and %(high)s.", low=number(low), high=number(high)
        )
    sample = data.get("sample_size")
    if isinstance(sample, bool) or not isinstance(sample, int):
        errors["sample_size"] = _l("Enter the number of clients asked or observed (n).")
    elif not 1 <= sample <= MAX_SAMPLE:
        errors["sample_size"] = _l("n is a whole number from 1 to %(max)s.", max=MAX_SAMPLE)
    start = _date(errors, "period_start", data.get("period_start"))
    end = _date(errors, "period_end", data.get("period_end"))
    if start and end and end < start:
        errors["period_end"] = _l("The period cannot end before it starts.")
    touchpoint = _stage_touchpoint(errors, "touchpoint", stage, data.get("touchpoint"))
    values = {
        "method": method,
        "metric": metric,
        "metric_name": metric_name,
        "formula": checked_text(errors, "formula", data.get("formula"), MAX_TEXT),
        "scale_min": low,
        "scale_max": high,
        "value": value,
        "sample_size": sample,
        "period_start": start,
        "period_end": end,
        "note": checked_text(errors, "note", data.get("note"), MAX_TEXT),
        "touchpoint_id": touchpoint.id if touchpoint else None,
    }
    return errors, values


def add_measurement(actor: User, stage: JourneyStage, data: dict) -> Measurement:
    access.require(actor, "cycle.edit", stage.region_id)
    errors, values = _check_measurement(stage, data)
    if errors:
        raise ValidationError(errors)
    measurement = Measurement(
        pilot_id=stage.pilot_id, region_id=stage.region_id, author_id=actor.id, **values
    )
    stage.measurements.append(measurement)
    db.session.flush()
    return measurement


def measurement_data(m: Measurement) -> dict:
    """A measurement's values under the names its input uses."""
    data = {name: getattr(m, name) for name in MEASUREMENT_FIELDS if name != "touchpoint"}
    return data | {"touchpoint": m.touchpoint_id}


def update_measurement(
    actor: User, measurement: Measurement, data: dict, version: int | None
) -> Measurement:
    access.require(actor, "cycle.edit", measurement.region_id)
    check_version(measurement, version)
    merged = measurement_data(measurement) | {
        k: v for k, v in data.items() if k in MEASUREMENT_FIELDS
    }
    if _metric(measurement.metric) in FIXED_SCALES and "metric" in data:
        # the stored 0–100 belonged to the old metric: the new one brings its own scale
        merged |= {"scale_min": data.get("scale_min"), "scale_max": data.get("scale_max")}
    errors, values = _check_measurement(measurement.stage, merged)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(measurement, name, value)
    db.session.flush()
    return measurement


def delete_measurement(actor: User, measurement: Measurement) -> None:
    access.require(actor, "cycle.edit", measurement.region_id)
    measurement.stage.measurements.remove(measurement)
    db.session.flush()
