"""What the office and region index pages and the API show (seed 002; DESIGN.md "Methodology as
versioned data"): the index of services.index for one period, the region's period with those
dates or a transient one (answers only), the managing office's regional indicators, the
baseline period, the indicators by group. A fixed number of queries whatever the number of
offices and answers."""

import datetime as dt
from dataclasses import dataclass, field

from cxflow.index.models.index import IndexPeriod
from cxflow.index.services import index, periods
from cxflow.index.services.index import IndicatorResult, OfficeIndex, RegionIndex
from cxflow.index.services.indicators import Group, IndexMethodology
from cxflow.orgs.models import Office, Region


def period_for(region: Region, start: dt.date, end: dt.date) -> IndexPeriod:
    """The region's period with exactly these dates, else a transient one (answers only:
    nothing chosen, so no objective part)."""
    periods.check_dates(start, end)
    return periods.find(region.id, start, end) or periods.transient(region, start, end)


@dataclass
class OfficeScores:
    index: OfficeIndex
    regional: list[IndicatorResult]  # the managing office's: the region's indicators, once
    baseline: IndexPeriod | None

    @property
    def office(self) -> Office:
        return self.index.office

    @property
    def period(self) -> IndexPeriod:
        return self.index.period


@dataclass
class RegionScores:
    index: RegionIndex
    baseline: IndexPeriod | None
    changes: dict = field(default_factory=dict)  # office id -> change against the baseline


def office_scores(office: Office, period: IndexPeriod) -> OfficeScores:
    """The office's index; the managing office also gets the regional indicators, scored
    over the answers of every office of the region (so the whole region is computed)."""
    baseline = periods.previous(period)
    if office.is_managing_office:
        region = index.region_index(office.region, period)
        own = next(o for o in region.offices if o.office.id == office.id)
        return OfficeScores(own, region.regional, baseline)
    return OfficeScores(index.office_index(office, period), [], baseline)


def region_scores(region: Region, period: IndexPeriod) -> RegionScores:
    result = index.region_index(region, period)
    return RegionScores(
        result, periods.previous(period), {o.office.id: o.change for o in result.offices}
    )


def by_group(
    methodology: IndexMethodology, results: list[IndicatorResult]
) -> list[tuple[Group, list[IndicatorResult]]]:
    """The results in the methodology's groups and order; groups without any left out."""
    grouped = []
    for group in methodology.groups:
        mine = [r for r in results if r.indicator.group == group.key]
        if mine:
            grouped.append((group, mine))
    return grouped


def suspension_reasons(period: IndexPeriod) -> dict[str, str]:
    return {s.indicator_key: s.reason for s in period.suspensions}
