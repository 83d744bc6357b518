"""Measurements: one value of the experience at a stage or one of its touchpoints (seed 001
§9.1–9.2), by a method and a metric, over a period, with its sample size. Its value is scored
from 0 to 1 (`score`, and `score_sql` for queries) so that stages measured on different scales
can be compared, and banded low, medium or high to colour the map."""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import checked_text
from cxflow.journeys.models import JourneyStage, Measurement, Method, Metric
from cxflow.journeys.services.checks import MAX_TEXT, member
from cxflow.journeys.services.touchpoints import stage_touchpoint
from cxflow.pilots.models import Pilot
from cxflow.pilots.signals import work_changed
from cxflow.users.models import User

MAX_METRIC_NAME = 200
MAX_SAMPLE = 10_000_000
MAX_ABS_VALUE = 1e12  # larger is a typo, and keeps every database's float happy
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
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


def scale_of(m) -> tuple[float, float] | None:
    """The scale a measurement's value lies on, or None when it has none."""
    metric = member(Metric, m.metric)
    if metric in FIXED_SCALES:
        return FIXED_SCALES[metric]
    if m.scale_min is None or m.scale_max is None or m.scale_max <= m.scale_min:
        return None
    return (m.scale_min, m.scale_max)


def score(m) -> float | None:
    """The value normalised to 0..1 (share and CSI v/100, NPS (v + 100)/200, mean score and
    CES (v − min)/(max − min)); None for a custom metric, which has no agreed direction."""
    metric = member(Metric, m.metric)
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
    if member(Metric, m.metric) == Metric.share_satisfied:
        return _("%(value)s%%, n = %(n)s", value=value, n=n)
    scale = scale_text(m)
    if scale:
        return _("%(value)s on %(scale)s, n = %(n)s", value=value, scale=scale, n=n)
    return _("%(value)s, n = %(n)s", value=value, n=n)


# --- reading ----------------------------------------------------------------------------------


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


def measurement_data(m: Measurement) -> dict:
    """A measurement's values under the names its input uses."""
    data = {name: getattr(m, name) for name in MEASUREMENT_FIELDS if name != "touchpoint"}
    return data | {"touchpoint": m.touchpoint_id}


# --- checking ---------------------------------------------------------------------------------


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
    method = member(Method, data.get("method"))
    if method is None:
        errors["method"] = _l("Choose the method of measurement.")
    metric = member(Metric, data.get("metric"))
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
    touchpoint = stage_touchpoint(errors, "touchpoint", stage, data.get("touchpoint"))
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


# --- changing ---------------------------------------------------------------------------------


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
    work_changed(stage.journey.pilot, actor)
    return measurement


def update_measurement(
    actor: User, measurement: Measurement, data: dict, version: int | None
) -> Measurement:
    access.require(actor, "cycle.edit", measurement.region_id)
    check_version(measurement, version)
    merged = measurement_data(measurement) | {
        k: v for k, v in data.items() if k in MEASUREMENT_FIELDS
    }
    if member(Metric, measurement.metric) in FIXED_SCALES and "metric" in data:
        # the stored 0–100 belonged to the old metric: the new one brings its own scale
        merged |= {"scale_min": data.get("scale_min"), "scale_max": data.get("scale_max")}
    errors, values = _check_measurement(measurement.stage, merged)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(measurement, name, value)
    db.session.flush()
    work_changed(measurement.stage.journey.pilot, actor)  # the period may change the date
    return measurement


def delete_measurement(actor: User, measurement: Measurement) -> None:
    access.require(actor, "cycle.edit", measurement.region_id)
    pilot = measurement.stage.journey.pilot
    measurement.stage.measurements.remove(measurement)
    db.session.flush()
    work_changed(pilot, actor)
