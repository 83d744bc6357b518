"""The customer-centricity index boards (seed 002; issue #16 "Region and federal boards"): the
regions of a campaign side by side, centralized and decentralized networks apart, a region's
offices, the comparison table of seed 002 §2.3 (L1059–1080) and their workbooks.

Each region shows one period: the one containing the day `on` (so the regions of one
campaign line up: `on=2022-05-01`), or by default its latest. Its baseline is the region's
period before it (seed 002 L46: the index is a change). Every board reads its regions,
their periods and then computes all chosen periods and baselines in one
`cxflow.index.services.index.compute` call: a fixed number of queries whatever the number of
regions, offices and answers."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.models.index import IndexPeriod
from cxflow.index.services import index as index_rules
from cxflow.index.services import indicators
from cxflow.index.services import periods as period_rules
from cxflow.index.services.index import IndicatorResult, OfficeIndex, RegionIndex
from cxflow.index.services.indicators import IndexMethodology, Indicator
from cxflow.index.services.scoring import PLACES, Score
from cxflow.index.services.stats import parse_day
from cxflow.orgs.models import Network, Region
from cxflow.users.models import User

# How a value that is not a number is shown (never as 0): the board's own words.
STATES = {
    "value": "",
    "suspended": _l("suspended"),
    "not_chosen": _l("not chosen"),
    "too_few": _l("too few answers"),
    "not_filled": _l("checklist not filled"),
    "absent": _l("not in this methodology version"),
    "no_period": _l("no period"),
}


def parse_on(raw: str | None) -> dt.date | None:
    """`?on=` of a board: the day whose period each region shows; blank is each latest."""
    return parse_day(raw, "on")


# --- choosing the periods -----------------------------------------------------------------


def visible_regions(actor: User, region_code: str | None = None) -> list[Region]:
    """The regions `actor` may see (a regional role: its own), by code; `region_code` narrows
    them (an unknown or hidden code matches nothing, like the other boards' filters)."""
    stmt = sa.select(Region).order_by(Region.code)
    regions = access.visible_region_ids(actor)
    if regions is not None:
        stmt = stmt.where(Region.id.in_(regions))
    if region_code:
        stmt = stmt.where(Region.code == region_code.strip())
    return list(db.session.scalars(stmt))


def periods_by_region(region_ids: Iterable[int]) -> dict[int, list[IndexPeriod]]:
    """Every period of these regions, newest first (one query: a region has a few)."""
    region_ids = list(region_ids)
    if not region_ids:
        return {}
    stmt = (
        sa.select(IndexPeriod)
        .where(IndexPeriod.region_id.in_(region_ids))
        .order_by(IndexPeriod.region_id, IndexPeriod.start.desc(), IndexPeriod.end.desc())
    )
    found: dict[int, list[IndexPeriod]] = defaultdict(list)
    for period in db.session.scalars(stmt):
        found[period.region_id].append(period)
    return found


def pick(periods: list[IndexPeriod], on: dt.date | None) -> IndexPeriod | None:
    """The period containing `on` (the latest starting one if several do), or the latest."""
    if on is None:
        return periods[0] if periods else None
    return next((p for p in periods if p.start <= on <= p.end), None)


def baseline_of(periods: list[IndexPeriod], period: IndexPeriod) -> IndexPeriod | None:
    """The region's period before `period`, as `periods.previous` finds it."""
    return next((p for p in periods if p.start < period.start), None)


# --- the board ------------------------------------------------------------------------------


@dataclass
class BoardRow:
    """A region on a board: its chosen period, the index of it and of its baseline."""

    region: Region
    period: IndexPeriod | None = None
    index: RegionIndex | None = None
    previous: RegionIndex | None = None  # the baseline period's index, if any
    periods: list[IndexPeriod] = field(default_factory=list)  # all of the region's, newest first

    @property
    def total(self) -> float | None:
        return self.index.total if self.index else None

    @property
    def change(self) -> float | None:
        return self.index.change if self.index else None

    @property
    def offices(self) -> list[OfficeIndex]:
        return self.index.offices if self.index else []

    @property
    def counted(self) -> int:
        """Offices with a total (an annulled office counts, with 0)."""
        return sum(1 for o in self.offices if o.total is not None)

    @property
    def annulled(self) -> list[OfficeIndex]:
        return [o for o in self.offices if o.annulled]

    @property
    def responses(self) -> int:
        return self.index.responses if self.index else 0

    @property
    def methodology(self) -> IndexMethodology | None:
        return self.index.methodology if self.index else None

    @property
    def ranked(self) -> list[OfficeIndex]:
        """Offices by total, highest first; those without one last, then by name."""
        return sorted(
            self.offices,
            key=lambda o: (o.total is None, -(o.total or 0), o.office.name),
        )

    @property
    def cells(self) -> dict[str, "Cell"]:
        """Indicator key -> the region's value or state (`indicator_cell`)."""
        return {indicator.key: c for indicator, c in indicator_cells(self)}

    @property
    def regional(self) -> dict[str, IndicatorResult]:
        """Indicator key -> the result of an indicator assessed once per region."""
        return {r.indicator.key: r for r in self.index.regional} if self.index else {}

    def office(self, office_id: int | None) -> OfficeIndex | None:
        return next((o for o in self.offices if o.office.id == office_id), None)

    def previous_office(self, office_id: int) -> OfficeIndex | None:
        if self.previous is None:
            return None
        return next((o for o in self.previous.offices if o.office.id == office_id), None)


@dataclass
class Board:
    on: dt.date | None
    rows: list[BoardRow]

    def network(self, network: Network) -> list[BoardRow]:
        return [row for row in self.rows if row.region.network == network]

    @property
    def networks(self) -> list[tuple[Network, list[BoardRow]]]:
        """Centralized and decentralized networks apart (seed 002 L115: computed apart)."""
        return [(network, self.network(network)) for network in Network]

    @property
    def with_period(self) -> list[BoardRow]:
        return [row for row in self.rows if row.index is not None]


def rows_for(regions: list[Region], on: dt.date | None) -> list[BoardRow]:
    """The regions with their periods computed: one query to choose the periods, then one
    `compute` for every chosen period and baseline."""
    by_region = periods_by_region(r.id for r in regions)
    rows = []
    for region in regions:
        periods = by_region.get(region.id, [])
        rows.append(BoardRow(region, pick(periods, on), periods=periods))
    return _computed(rows)


def _computed(rows: list[BoardRow]) -> list[BoardRow]:
    """Fill each row's index and its baseline's in one `compute` (a transient period, of
    dates nobody opened, has no baseline, as in `index.with_baseline`)."""
    chosen = [row for row in rows if row.period is not None]
    pairs = [
        (row, baseline_of(row.periods, row.period) if row.period.id is not None else None)
        for row in chosen
    ]
    before = [baseline for _row, baseline in pairs if baseline is not None]
    computed = index_rules.compute([row.period for row in chosen] + before)
    for row, result in zip(chosen, computed[: len(chosen)], strict=True):
        row.index = result
    previous = iter(computed[len(chosen) :])
    for row, baseline in pairs:
        if baseline is not None:
            row.previous = next(previous)
            index_rules.set_baseline(row.index, row.previous)
    return rows


def check_dates(start: dt.date | None, end: dt.date | None) -> None:
    """`from` and `to` of a region's index: both or neither, in order."""
    errors = {}
    if start is None and end is not None:
        errors["from"] = _l("Give the first day of the period as well.")
    if end is None and start is not None:
        errors["to"] = _l("Give the last day of the period as well.")
    if start and end and end < start:
        errors["to"] = _l("The last day is before the first day.")
    if errors:
        raise ValidationError(errors)


def region_index(region: Region, start: dt.date | None, end: dt.date | None) -> BoardRow:
    """The index of a region for the period of these dates (a period nobody opened is
    computed from its answers alone), or of its latest period when none are given."""
    check_dates(start, end)
    periods = periods_by_region([region.id]).get(region.id, [])
    if start is None:
        return _computed([BoardRow(region, pick(periods, None), periods=periods)])[0]
    period = next((p for p in periods if (p.start, p.end) == (start, end)), None)
    if period is None:
        period = period_rules.transient(region, start, end)
    return _computed([BoardRow(region, period, periods=periods)])[0]


def board(actor: User, on: dt.date | None = None, region_code: str | None = None) -> Board:
    """The federal board: every region `actor` may see with its period's index."""
    return Board(on, rows_for(visible_regions(actor, region_code), on))


def region_board(region: Region, on: dt.date | None = None) -> BoardRow:
    """One region (already loaded through its access check) with its period's index."""
    (row,) = rows_for([region], on)
    return row


# --- one indicator of a region, shown as a value or a state -------------------------------


@dataclass(frozen=True)
class Cell:
    state: str  # a key of STATES
    score: float | None = None
    max: float | None = None

    @property
    def text(self) -> str:
        return str(STATES[self.state])

    @property
    def percent(self) -> float | None:
        """The score normalised to its maximum, 0–100 (the charts' scale)."""
        if self.score is None or not self.max:
            return None
        return round(100 * self.score / self.max, 1)


def indicator_cell(row: BoardRow, indicator: Indicator) -> Cell:
    """The region's value of an indicator, or why it has none: suspended, not chosen by the
    region, too few answers, checklist not filled — never 0 (seed 002 remark #23)."""
    if row.index is None:
        return Cell("no_period")
    own = row.index.methodology.indicator(indicator.key)
    if own is None:
        return Cell("absent")
    score = row.index.indicators.get(indicator.key, Score(None, None))
    if indicator.key in period_rules.suspended_keys(row.period):
        return Cell("suspended")
    if score.score is not None:
        return Cell("value", score.score, score.max)
    return Cell(_missing(own, set(period_rules.chosen_keys(row.period))))


def result_cell(result: IndicatorResult) -> Cell:
    """An office's (or the region's managing-office) result the same way."""
    if result.suspended:
        return Cell("suspended")
    if result.score.score is not None:
        return Cell("value", result.score.score, result.score.max)
    chosen = {result.indicator.key} if result.objective and result.objective.chosen else set()
    return Cell(_missing(result.indicator, chosen))


def _missing(indicator: Indicator, chosen: set[str]) -> str:
    if indicator.has_subjective:
        return "too_few"
    if indicator.has_objective and indicator.key not in chosen:
        return "not_chosen"
    return "not_filled"


def indicator_cells(row: BoardRow) -> list[tuple[Indicator, Cell]]:
    """The region's per-indicator scores: its offices' mean or its regional value."""
    if row.index is None:
        return []
    return [(i, indicator_cell(row, i)) for i in row.index.methodology.indicators]


# --- an office against its region and its previous period ---------------------------------


@dataclass
class OfficeLine:
    """One office-level indicator of an office beside its region and its previous period."""

    indicator: Indicator
    result: IndicatorResult
    office: Cell
    region: Cell | None
    previous: Cell | None  # None: no previous period, or the indicator was not in it


def office_lines(row: BoardRow, office_id: int | None) -> list[OfficeLine]:
    office = row.office(office_id)
    if office is None:
        return []
    region = {indicator.key: c for indicator, c in indicator_cells(row)}
    previous = row.previous_office(office_id)
    before = {r.indicator.key: r for r in previous.results} if previous else {}
    return [
        OfficeLine(
            r.indicator,
            r,
            result_cell(r),
            region.get(r.indicator.key),
            result_cell(before[r.indicator.key]) if r.indicator.key in before else None,
        )
        for r in office.results
    ]


def chart_data(lines: list[OfficeLine], labels: dict, with_previous: bool) -> dict:
    """Chart.js data: per indicator, the office, its region and the office's previous period,
    each normalised to its maximum (0–100 %); a missing value is null (a gap), never 0."""

    def values(cells) -> list:
        return [c.percent if c else None for c in cells]

    datasets = [
        {"label": labels["office"], "data": values(line.office for line in lines)},
        {"label": labels["region"], "data": values(line.region for line in lines)},
    ]
    if with_previous:
        datasets.append(
            {"label": labels["previous"], "data": values(line.previous for line in lines)}
        )
    return {
        "labels": [_short(f"{line.indicator.number} {line.indicator.title}") for line in lines],
        "datasets": datasets,
    }


def _short(label: str, width: int = 42) -> str:
    """A chart label that fits beside the bars (the table below has the whole title)."""
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


# --- the comparison table of seed 002 §2.3 -------------------------------------------------


@dataclass
class ComparisonLine:
    """One indicator: each region's value (or state), the mean over the regions that have a
    value (in all and per network) and the maximum possible — the indicator's own maximum,
    not the largest value found (seed 002 §2.3, L1059–1080: «максимально возможное
    значение»)."""

    indicator: Indicator
    cells: dict  # region id -> Cell
    mean: float | None
    counted: int  # regions in the mean
    network_means: dict  # Network -> (mean, counted)
    max_possible: float


@dataclass
class ComparisonGroup:
    number: int
    title: str
    lines: list[ComparisonLine]


@dataclass
class Comparison:
    board: Board
    methodology: IndexMethodology
    columns: list[tuple[Network, list[BoardRow]]]  # the regions with a period, per network
    groups: list[ComparisonGroup]

    @property
    def regions(self) -> list[BoardRow]:
        return [row for _network, rows in self.columns for row in rows]

    @property
    def shown_networks(self) -> list[tuple[Network, list[BoardRow]]]:
        """The networks that have a region on the table (a column group each)."""
        return [(network, rows) for network, rows in self.columns if rows]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), PLACES) if values else None


def comparison(actor: User, on: dt.date | None = None) -> Comparison:
    """The comparison table for the regions' periods on the board (same `on`): indicators of
    the newest methodology version among them (the one in force if none)."""
    report = board(actor, on)
    return comparison_of(report)


def comparison_of(report: Board) -> Comparison:
    shown = report.with_period
    versions = {(r.period.methodology_version, r.period.methodology_key): r for r in shown}
    if versions:
        methodology = max(versions.values(), key=lambda r: r.period.methodology_version).methodology
    else:
        methodology = indicators.current()
    columns = [(network, [r for r in shown if r.region.network == network]) for network in Network]
    groups = []
    for group in methodology.groups:
        lines = []
        for indicator in methodology.indicators:
            if indicator.group != group.key:
                continue
            cells = {row.region.id: indicator_cell(row, indicator) for row in shown}
            network_means = {}
            for network, rows in columns:
                found = [
                    cells[r.region.id].score for r in rows if cells[r.region.id].score is not None
                ]
                network_means[network] = (_mean(found), len(found))
            found = [c.score for c in cells.values() if c.score is not None]
            lines.append(
                ComparisonLine(
                    indicator, cells, _mean(found), len(found), network_means, indicator.max
                )
            )
        groups.append(ComparisonGroup(group.number, group.title, lines))
    return Comparison(report, methodology, columns, groups)
