"""The customer-centricity index on a journey's stages (issue #16): each stage shows the
indicators of its index topic (methodology data: `stages` of an indicator, `[[stage_topics]]`)
for one of the region's index periods, computed from the pilot's offices; and an indicator's
survey share becomes a measurement of the stage, so that a solution's effect is read from the
numbers the federal centre scores.

cxflow's decisions, shown next to the numbers:
- the offices are the pilot's (`Pilot.offices`), or the region's when the pilot names none;
- an office-level indicator shows the survey share pooled over those offices (positives and
  answers added up, so `n` is every answer) and the mean of their indicator scores, as the
  region board means its offices (an annulled office counts 0 there);
- an indicator assessed at the managing office (the region's website, social networks,
  channels) is the region's value, the one the federal centre scores, not a part of it;
- nothing measured is "not measured", never 0; below the methodology's minimum of answers
  the share is "too few answers (n = 7)" and cannot become a measurement.

All stages of a journey cost one computation of the index (cxflow.index.services.index), a
fixed number of queries whatever the number of stages and offices."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.index.models.index import IndexPeriod
from cxflow.index.services import index as index_rules
from cxflow.index.services import periods as period_rules
from cxflow.index.services.index import IndicatorResult, RegionIndex
from cxflow.index.services.indicators import IndexMethodology, Indicator, StageTopic
from cxflow.index.services.scoring import PLACES, Score, Share
from cxflow.journeys.models import Journey, JourneyStage, Measurement, Method, Metric
from cxflow.journeys.services.measurements import add_measurement
from cxflow.journeys.services.stages import effective_topic
from cxflow.orgs.models import Office
from cxflow.users.models import User

MANAGING = "managing_office"


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator at a stage: the pooled survey share with its `n` (None: the indicator
    has no survey part), the score over the offices, and what stands in the way."""

    indicator: Indicator
    period: IndexPeriod
    share: Share | None
    score: Score
    offices_scored: int  # offices whose score counts in the mean (1 for a regional one)
    suspended: bool
    annulled: tuple[Office, ...]  # offices whose scores the federal centre annulled
    regional: bool  # assessed at the managing office: the region's value

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def responses(self) -> int:
        return self.share.responses if self.share else 0

    @property
    def measured(self) -> bool:
        return not self.suspended and (self.responses > 0 or self.score.score is not None)

    @property
    def percent(self) -> float | None:
        """The positive share in percent, one decimal (None without answers)."""
        if not self.responses:
            return None
        return round(100 * self.share.positive / self.share.responses, 1)

    @property
    def recordable(self) -> bool:
        return self.refusal is None

    @property
    def refusal(self) -> str | None:
        """Why the share cannot become a measurement of the stage, or None."""
        if self.suspended:
            return _("The indicator is suspended for this period.")
        if self.share is None:
            return _("The indicator has no survey part: there is no share to record.")
        if not self.responses:
            return _("No answers to this indicator's questions in the period.")
        if self.share.too_few:
            return _(
                "Too few answers (n = %(n)s, at least %(min)s needed).",
                n=self.responses,
                min=self.share.minimum,
            )
        return None


@dataclass
class StageIndex:
    stage: JourneyStage
    topic: StageTopic | None
    guessed: bool
    values: list[IndicatorValue] = field(default_factory=list)

    def value(self, key: str) -> IndicatorValue | None:
        return next((v for v in self.values if v.key == key), None)


@dataclass
class JourneyIndex:
    """The index on every stage of a journey for one period (None: the region has none)."""

    journey: Journey
    period: IndexPeriod | None
    periods: list[IndexPeriod]  # the region's, latest first (the page's choice)
    methodology: IndexMethodology | None
    offices: list[Office]
    from_pilot: bool  # the pilot's offices (False: the region's, the pilot names none)
    stages: list[StageIndex]

    def __post_init__(self):
        self._by_id = {row.stage.id: row for row in self.stages}

    def stage(self, stage_id: int) -> StageIndex | None:
        return self._by_id.get(stage_id)


# --- periods ----------------------------------------------------------------------------------


def choose_period(
    region_id: int, period_id, periods: list[IndexPeriod] | None = None
) -> IndexPeriod | None:
    """The region's period `period_id`, or its latest when none is asked for (None when the
    region has no period); a period of another region or none at all is a 422 `period_id`."""
    if period_id in (None, ""):
        if periods is not None:
            return periods[0] if periods else None
        return db.session.scalar(
            sa.select(IndexPeriod)
            .where(IndexPeriod.region_id == region_id)
            .order_by(IndexPeriod.start.desc())
            .limit(1)
        )
    period = row_or_none(IndexPeriod, period_id)
    if period is None or period.region_id != region_id:
        raise ValidationError({"period_id": _l("Choose an index period of the pilot's region.")})
    return period


def period_text(period: IndexPeriod) -> str:
    return f"{format_date(period.start, 'dd.MM.yyyy')}–{format_date(period.end, 'dd.MM.yyyy')}"


# --- computing --------------------------------------------------------------------------------


def _offices(journey: Journey) -> tuple[list[Office], bool]:
    offices = list(journey.pilot.offices)
    if offices:
        return offices, True
    stmt = sa.select(Office).where(Office.region_id == journey.region_id).order_by(Office.name)
    return list(db.session.scalars(stmt)), False


def _pooled(results: list[IndicatorResult]) -> Share | None:
    shares = [r.subjective for r in results if r.subjective is not None]
    if not shares:
        return None
    return sum(shares[1:], shares[0])


def _mean(scores: list[Score]) -> tuple[Score, int]:
    """The mean of the scores that count, as the region board means its offices."""
    counted = [s for s in scores if s.score is not None]
    if not counted:
        return Score(None, None), 0
    return (
        Score(
            round(sum(s.score for s in counted) / len(counted), PLACES),
            round(sum(s.max for s in counted) / len(counted), PLACES),
        ),
        len(counted),
    )


def _value(indicator: Indicator, region: RegionIndex, office_ids: set[int]) -> IndicatorValue:
    suspended = indicator.key in period_rules.suspended_keys(region.period)
    if indicator.level == MANAGING:
        result = next(r for r in region.regional if r.indicator.key == indicator.key)
        managing = region.managing_office
        annulled = tuple(o.office for o in region.offices if o.annulled and o.office == managing)
        return IndicatorValue(
            indicator,
            region.period,
            result.subjective if indicator.has_subjective else None,
            result.score,
            int(result.score.score is not None),
            suspended,
            annulled,
            regional=True,
        )
    offices = [o for o in region.offices if o.office.id in office_ids]
    results = [o.result(indicator.key) for o in offices]
    score, counted = _mean([r.score for r in results])
    return IndicatorValue(
        indicator,
        region.period,
        _pooled(results) if indicator.has_subjective else None,
        score,
        counted,
        suspended,
        tuple(o.office for o in offices if o.annulled),
        regional=False,
    )


def _topics(stages, methodology: IndexMethodology | None) -> list[StageIndex]:
    found = []
    for stage in stages:
        topic, guessed = effective_topic(stage, methodology)
        found.append(StageIndex(stage, topic, guessed))
    return found


def _fill(
    rows: list[StageIndex], period: IndexPeriod, offices: list[Office], from_pilot: bool
) -> None:
    """Put the values of `period` on the stages: one computation of the index for all."""
    methodology = period_rules.methodology_of(period)
    shown = {i.key: i for row in rows if row.topic for i in methodology.on_stage(row.topic.key)}
    if not shown or not offices:
        for row in rows:
            if row.topic:
                row.values = [_nothing(i, period) for i in methodology.on_stage(row.topic.key)]
        return
    # A regional indicator is the whole region's (its answers pooled over every office);
    # otherwise only the offices shown are computed.
    regional = any(i.level == MANAGING for i in shown.values())
    office_ids = {o.id for o in offices}
    (region,) = index_rules.compute(
        [period], office_ids=None if regional or not from_pilot else sorted(office_ids)
    )
    values = {key: _value(indicator, region, office_ids) for key, indicator in shown.items()}
    for row in rows:
        if row.topic:
            row.values = [values[i.key] for i in methodology.on_stage(row.topic.key)]


def _nothing(indicator: Indicator, period: IndexPeriod) -> IndicatorValue:
    return IndicatorValue(
        indicator,
        period,
        None,
        Score(None, None),
        0,
        indicator.key in period_rules.suspended_keys(period),
        (),
        regional=indicator.level == MANAGING,
    )


def journey_index(actor: User, journey: Journey, period_id=None) -> JourneyIndex:
    """The index on each stage of `journey` (its stages loaded, e.g. by `load_map`) for the
    region's period `period_id`, or its latest."""
    access.require(actor, "pilots.view", journey.region_id)
    access.require(actor, "index.view", journey.region_id)
    periods = period_rules.periods_of(journey.region_id)
    period = choose_period(journey.region_id, period_id, periods)
    offices, from_pilot = _offices(journey)
    methodology = period_rules.methodology_of(period) if period else None
    rows = _topics(journey.stages, methodology)
    if period is not None:
        _fill(rows, period, offices, from_pilot)
    return JourneyIndex(journey, period, periods, methodology, offices, from_pilot, rows)


def stage_index(actor: User, stage: JourneyStage, period: IndexPeriod) -> StageIndex:
    """The index on one stage for `period` (of the stage's region)."""
    access.require(actor, "index.view", stage.region_id)
    offices, from_pilot = _offices(stage.journey)
    (row,) = _topics([stage], period_rules.methodology_of(period))
    _fill([row], period, offices, from_pilot)
    return row


# --- an index period as a measurement of the stage ---------------------------------------------


def _texts(value: IndicatorValue, period: IndexPeriod, offices: int) -> dict:
    """The measurement's formula and note, in Russian whoever records it: they are the
    region's records, beside the methodology's own (Russian) titles."""
    methodology = period_rules.methodology_of(period)
    with force_locale("ru"):
        where = (
            _("every office of the region (an indicator of the managing office)")
            if value.regional
            else _("offices: %(n)s", n=offices)
        )
        formula = _(
            "Index indicator %(key)s: the share of answers %(low)s–%(high)s among the answers "
            "given to %(questions)s; %(where)s",
            key=value.key,
            low=methodology.positive_min,
            high=methodology.positive_max,
            questions=", ".join(value.indicator.questions),
            where=where,
        )
        note = _(
            "Customer-centricity index: %(title)s, period %(period)s, methodology version "
            "%(version)s",
            title=value.indicator.title,
            period=period_text(period),
            version=period.methodology_version,
        )
    return {"formula": formula, "note": note}


def recorded(stage: JourneyStage, period: IndexPeriod, key: str) -> Measurement | None:
    """The stage's measurement already made of this indicator and period, if any."""
    marker = f" {key}:"
    return next(
        (
            m
            for m in stage.measurements
            if (m.period_start, m.period_end) == (period.start, period.end)
            and m.metric == Metric.share_satisfied
            and marker in (m.formula or "")
        ),
        None,
    )


def record_measurement(
    actor: User, stage: JourneyStage, period_id, indicator_key: str
) -> Measurement:
    """The positive share of `indicator_key` at the stage's offices in the period, recorded as
    a measurement of the stage (questionnaire, share satisfied in percent, n = the answers)
    through the measurements' own service and checks. Refused, naming `indicator_key`, when
    the indicator is not on the stage's topic, has no survey share, is suspended, has too few
    answers or is a measurement of the stage for this period already."""
    access.require(actor, "cycle.edit", stage.region_id)
    if period_id in (None, ""):
        raise ValidationError({"period_id": _l("Choose an index period of the pilot's region.")})
    period = choose_period(stage.region_id, period_id)
    row = stage_index(actor, stage, period)
    value = row.value(indicator_key or "")
    if value is None:
        raise ValidationError(
            {
                "indicator_key": _l(
                    "The indicator %(key)s is not on this stage's index topic.",
                    key=indicator_key,
                )
            }
        )
    if value.refusal:
        raise ValidationError({"indicator_key": value.refusal})
    if recorded(stage, period, value.key) is not None:
        raise ValidationError(
            {
                "indicator_key": _l(
                    "This indicator of the period is a measurement of the stage already."
                )
            }
        )
    offices, _from_pilot = _offices(stage.journey)
    data = {
        "method": Method.questionnaire,
        "metric": Metric.share_satisfied,
        "value": value.percent,
        "sample_size": value.responses,
        "period_start": period.start,
        "period_end": period.end,
    }
    return add_measurement(actor, stage, data | _texts(value, period, len(offices)))
