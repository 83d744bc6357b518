"""The index of offices and regions for their periods (seed 002; DESIGN.md "Methodology as
versioned data"): computed from the counted answers, the checklists, the chosen and suspended
indicators and the annulments, under each period's own methodology version. Any number of
periods, offices and regions costs the same few queries: one aggregate of the answers per
methodology version in use, one for checklists, one for annulments, one for offices."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, AnnulmentAction, Checklist, IndexPeriod
from cxflow.index.services import periods as period_rules
from cxflow.index.services import scoring
from cxflow.index.services.answers import OfficeAnswers, aggregate
from cxflow.index.services.indicators import IndexMethodology, Indicator
from cxflow.index.services.scoring import Score, Share
from cxflow.orgs.models import Office, Region

RESPONDENTS = ("seeker", "employer")


@dataclass
class ObjectivePart:
    chosen: bool  # the region chose it for the period
    checklist: Checklist | None  # None: not filled (left out of the total, shown as such)

    @property
    def score(self) -> float | None:
        return self.checklist.score if self.checklist else None


@dataclass
class IndicatorResult:
    indicator: Indicator
    subjective: Share | None  # seekers and employers pooled
    by_respondent: dict  # respondent -> Share
    objective: ObjectivePart | None
    suspended: bool
    score: Score
    channels: dict = field(default_factory=dict)  # Q14: respondent -> {channel: count}


@dataclass
class OfficeIndex:
    office: Office
    period: IndexPeriod
    methodology: IndexMethodology
    results: list[IndicatorResult]  # indicators of the office level
    annulment: Annulment | None  # the decision in force when it annuls
    total: float | None
    baseline_total: float | None = None
    responses: int = 0  # counted answers of the period (n beside the boards)

    @property
    def annulled(self) -> bool:
        return self.annulment is not None

    @property
    def change(self) -> float | None:
        """The index as seed 002 defines it (L46): the change against the baseline period."""
        if self.total is None or self.baseline_total is None:
            return None
        return round(self.total - self.baseline_total, 2)

    def result(self, key: str) -> IndicatorResult | None:
        return next((r for r in self.results if r.indicator.key == key), None)


@dataclass
class RegionIndex:
    region: Region
    period: IndexPeriod
    methodology: IndexMethodology
    offices: list[OfficeIndex]
    regional: list[IndicatorResult]  # managing-office indicators, once for the region
    managing_office: Office | None
    indicators: dict  # key -> Score: offices' mean, or the regional result
    total: float | None
    baseline_total: float | None = None

    @property
    def change(self) -> float | None:
        if self.total is None or self.baseline_total is None:
            return None
        return round(self.total - self.baseline_total, 2)

    @property
    def responses(self) -> int:
        return sum(o.responses for o in self.offices)


# --- reading what a period holds, in bulk -----------------------------------------------------


def _answers(periods: Sequence[IndexPeriod], office_ids) -> dict[tuple[int, int], OfficeAnswers]:
    """(period position, office id) -> answers; one aggregate per methodology version in use."""
    found: dict[tuple[int, int], OfficeAnswers] = {}
    by_version = defaultdict(list)
    for n, period in enumerate(periods):
        by_version[(period.methodology_key, period.methodology_version)].append(n)
    for positions in by_version.values():
        methodology = period_rules.methodology_of(periods[positions[0]])
        saved = [n for n in positions if periods[n].id is not None]
        if saved:
            ids = {periods[n].id: n for n in saved}
            rows = aggregate(methodology, office_ids=office_ids, period_ids=list(ids))
            for (period_id, office_id), answers in rows.items():
                found[(ids[period_id], office_id)] = answers
        for n in set(positions) - set(saved):  # a transient period: its own dates
            period = periods[n]
            rows = aggregate(
                methodology,
                office_ids=office_ids,
                region_id=period.region_id,
                start=period.start,
                end=period.end,
            )
            for (_none, office_id), answers in rows.items():
                found[(n, office_id)] = answers
    return found


def _checklists(period_ids, office_ids) -> dict[tuple[int, int, str], Checklist]:
    if not period_ids:
        return {}
    stmt = sa.select(Checklist).where(Checklist.period_id.in_(period_ids))
    if office_ids is not None:
        stmt = stmt.where(Checklist.office_id.in_(office_ids))
    return {(c.period_id, c.office_id, c.indicator_key): c for c in db.session.scalars(stmt)}


def annulments(period_ids, office_ids=None) -> dict[tuple[int, int], Annulment]:
    """(period id, office id) -> the annulment in force (the latest decision annuls)."""
    if not period_ids:
        return {}
    stmt = sa.select(Annulment).where(Annulment.period_id.in_(period_ids)).order_by(Annulment.id)
    if office_ids is not None:
        stmt = stmt.where(Annulment.office_id.in_(office_ids))
    latest = {(a.period_id, a.office_id): a for a in db.session.scalars(stmt)}
    return {key: a for key, a in latest.items() if a.action == AnnulmentAction.annul}


def _offices(region_ids, office_ids) -> dict[int, list[Office]]:
    stmt = sa.select(Office).where(Office.region_id.in_(region_ids)).order_by(Office.name)
    if office_ids is not None:
        stmt = stmt.where(Office.id.in_(office_ids))
    by_region = defaultdict(list)
    for office in db.session.scalars(stmt):
        by_region[office.region_id].append(office)
    return by_region


def _load(periods: Iterable[IndexPeriod]) -> list[IndexPeriod]:
    """Periods with their chosen and suspended indicators (two queries for all; none when a
    caller loaded them already)."""
    periods = list(periods)
    saved = [p.id for p in periods if p.id is not None and _unloaded(p)]
    if saved:
        db.session.scalars(
            sa.select(IndexPeriod)
            .where(IndexPeriod.id.in_(saved))
            .options(selectinload(IndexPeriod.selections), selectinload(IndexPeriod.suspensions))
        ).all()
    return periods


def _unloaded(period: IndexPeriod) -> bool:
    unloaded = sa.inspect(period).unloaded
    return "selections" in unloaded or "suspensions" in unloaded


# --- computing ---------------------------------------------------------------------------------


def _result(
    indicator: Indicator,
    answers: OfficeAnswers | None,
    checklist: Checklist | None,
    *,
    chosen: bool,
    suspended: bool,
    annulled: bool,
    minimum: int,
) -> IndicatorResult:
    by_respondent, subjective, channels = {}, None, {}
    if indicator.questions:
        # plain sums, not Share arithmetic: the federal board makes ~90 000 of these
        shares = answers.shares if answers else {}
        totals = [0, 0]
        for respondent in RESPONDENTS:
            positive = responses = 0
            for question in indicator.questions:
                share = shares.get((question, respondent))
                if share is not None:
                    positive += share.positive
                    responses += share.responses
            by_respondent[respondent] = Share(positive, responses, minimum)
            totals[0] += positive
            totals[1] += responses
        subjective = Share(totals[0], totals[1], minimum)
        if answers and "q14" in indicator.questions:
            channels = answers.channels
    objective = (
        ObjectivePart(chosen, checklist if chosen else None) if indicator.has_objective else None
    )
    score = scoring.indicator_score(
        indicator,
        subjective if indicator.has_subjective else None,
        objective.score if objective else None,
        suspended=suspended,
        annulled=annulled,
    )
    return IndicatorResult(
        indicator, subjective, by_respondent, objective, suspended, score, channels
    )


def compute(periods: Sequence[IndexPeriod], office_ids=None) -> list[RegionIndex]:
    """The index of each period's region (or only `office_ids` in it), in a fixed number of
    queries whatever the number of periods, offices and answers."""
    periods = _load(periods)
    if not periods:
        return []
    answers = _answers(periods, office_ids)
    saved_ids = [p.id for p in periods if p.id is not None]
    checklists = _checklists(saved_ids, office_ids)
    annulled = annulments(saved_ids, office_ids)
    offices = _offices({p.region_id for p in periods}, office_ids)
    return [
        _region_index(n, period, offices.get(period.region_id, []), answers, checklists, annulled)
        for n, period in enumerate(periods)
    ]


def _region_index(n, period, offices, answers, checklists, annulled) -> RegionIndex:
    methodology = period_rules.methodology_of(period)
    chosen = set(period_rules.chosen_keys(period))
    suspended = period_rules.suspended_keys(period)
    minimum = methodology.min_responses

    def result(indicator, office_answers, office_id, is_annulled):
        return _result(
            indicator,
            office_answers,
            checklists.get((period.id, office_id, indicator.key)),
            chosen=indicator.key in chosen,
            suspended=indicator.key in suspended,
            annulled=is_annulled,
            minimum=minimum,
        )

    office_level = [i for i in methodology.indicators if i.level == "office"]
    office_indexes = []
    for office in offices:
        annulment = annulled.get((period.id, office.id))
        office_answers = answers.get((n, office.id))
        results = [
            result(i, office_answers, office.id, annulment is not None) for i in office_level
        ]
        total = scoring.total((r.indicator, r.score) for r in results)
        office_indexes.append(
            OfficeIndex(
                office,
                period,
                methodology,
                results,
                annulment,
                0.0 if annulment and total is not None else total,
                responses=office_answers.total if office_answers else 0,
            )
        )

    managing = next((o for o in offices if o.is_managing_office), None)
    pooled = None
    for office in offices:
        office_answers = answers.get((n, office.id))
        if office_answers is not None:
            pooled = office_answers if pooled is None else pooled + office_answers
    regional = [
        result(
            i,
            pooled,
            managing.id if managing else None,
            bool(managing and annulled.get((period.id, managing.id))),
        )
        for i in methodology.indicators
        if i.level == "managing_office"
    ]
    indicators = _region_scores(office_level, office_indexes, regional)
    region_total = scoring.total(
        (methodology.indicator(key), score) for key, score in indicators.items()
    )
    return RegionIndex(
        period.region,
        period,
        methodology,
        office_indexes,
        regional,
        managing,
        indicators,
        region_total,
    )


def _region_scores(office_level, office_indexes, regional) -> dict[str, Score]:
    """Per indicator, the mean of the offices that have a score (an annulled office counts as 0)
    and the maximum; the regional indicators as they are (seed 002 §2.3's «среднее»)."""
    scores = {}
    by_office = [{r.indicator.key: r.score for r in o.results} for o in office_indexes]
    for indicator in office_level:
        counted = [
            found[indicator.key] for found in by_office if found[indicator.key].score is not None
        ]
        if counted:
            scores[indicator.key] = Score(
                round(sum(s.score for s in counted) / len(counted), scoring.PLACES),
                round(sum(s.max for s in counted) / len(counted), scoring.PLACES),
            )
        else:
            scores[indicator.key] = Score(None, None)
    for result in regional:
        scores[result.indicator.key] = result.score
    return scores


# --- what the pages and the API ask -----------------------------------------------------------


def with_baseline(index: RegionIndex, office_ids=None) -> RegionIndex:
    """Fill the baseline totals from the region's previous period (one more computation)."""
    baseline = period_rules.previous(index.period)
    if baseline is None:
        return index
    (before,) = compute([baseline], office_ids)
    return set_baseline(index, before)


def set_baseline(index: RegionIndex, before: RegionIndex) -> RegionIndex:
    """The baseline totals of `index` (the region's and each office's) from `before`."""
    index.baseline_total = before.total
    totals = {o.office.id: o.total for o in before.offices}
    for office_index in index.offices:
        office_index.baseline_total = totals.get(office_index.office.id)
    return index


def _with_baseline(period: IndexPeriod, office_ids=None) -> RegionIndex:
    """The period's index and its baseline's computed together: the two periods with their
    region, chosen and suspended indicators in one query, one aggregate of the answers for
    both (benchmarks/README.md)."""
    if period.id is None:  # a transient period has no baseline
        (result,) = compute([period], office_ids)
        return result
    previous = (
        sa.select(IndexPeriod.id)
        .where(IndexPeriod.region_id == period.region_id, IndexPeriod.start < period.start)
        .order_by(IndexPeriod.start.desc())
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        sa.select(IndexPeriod)
        .where(sa.or_(IndexPeriod.id == period.id, IndexPeriod.id == previous))
        .options(
            joinedload(IndexPeriod.region),
            joinedload(IndexPeriod.selections),
            joinedload(IndexPeriod.suspensions),
        )
    )
    found = {p.id: p for p in db.session.scalars(stmt).unique()}
    baseline = next((p for key, p in found.items() if key != period.id), None)
    if baseline is None:
        (result,) = compute([period], office_ids)
        return result
    result, before = compute([period, baseline], office_ids)
    return set_baseline(result, before)


def office_index(office: Office, period: IndexPeriod) -> OfficeIndex:
    (result,) = _with_baseline(period, office_ids=[office.id]).offices
    return result


def region_index(region: Region, period: IndexPeriod) -> RegionIndex:
    return _with_baseline(period)
