"""The point rules of seed 002 as plain functions of plain values: a checklist's points, a
subjective share, an indicator's score and an office's total. No database here, so every rule
is tested with hand-computed numbers (tests/index/test_scoring.py)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from cxflow.index.services.indicators import Indicator

PLACES = 4  # 0.1 × 3 is 0.3, not 0.30000000000000004


class BadValues(ValueError):
    """`values` of a formula checklist that cannot be computed; `field` names the bad one."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def objective_points(
    indicator: Indicator, implemented: Iterable[str], values: Mapping | None = None
) -> float:
    """The checklist's points under the indicator's rule, capped at its objective maximum."""
    implemented = set(implemented)
    values = values or {}
    points = _RULES[indicator.rule](indicator, implemented, values)
    return round(min(max(points, 0.0), indicator.objective_max), PLACES)


def _per_parameter(indicator: Indicator, implemented: set[str], _values: Mapping) -> float:
    """«за наличие каждого параметра начисляется …» (App. 8 items 1–5, 9–11)."""
    return sum(p.points for p in indicator.parameters if p.code in implemented)


def _events(indicator: Indicator, implemented: set[str], values: Mapping) -> float:
    """0.1 per listed event type held, and 0.1 per event outside the list (L2335); each type
    once: «важно не количество, а разнообразие» (L811). An «other» event named like a listed
    one is that listed type."""
    listed = {p.title.strip().casefold(): p.code for p in indicator.parameters}
    others = set()
    for title in values.get("other_events", ()):
        name = str(title).strip().casefold()
        if name in listed:
            implemented = implemented | {listed[name]}
        elif name:
            others.add(name)
    return _per_parameter(indicator, implemented, values) + len(others) * indicator.points


def _vacancy_dynamics(indicator: Indicator, _implemented: set[str], values: Mapping) -> float:
    """(vacancies now / vacancies in the previous period − 1) × 2 (App. 8 item 6, L2326–2331);
    the cap and floor are cxflow's (the seed states none)."""
    current, previous = values.get("current"), values.get("previous")
    for name, value in (("current", current), ("previous", previous)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BadValues(f"values.{name}", _l("A whole number of vacancies, 0 or more."))
    if previous == 0:
        raise BadValues(
            "values.previous",
            _l("The previous period had no vacancies: the growth cannot be computed."),
        )
    return (current / previous - 1) * 2


def _comfort_levels(indicator: Indicator, implemented: set[str], _values: Mapping) -> float:
    """Level 3 fully met 0.75, levels 3 and 2 1.5, all three 2 (App. 8 item 8, L2356–2360):
    the levels are cumulative, so a level counts only over every level below it."""
    points = 0.0
    for level in sorted(indicator.level_points, reverse=True):  # 3, then 2, then 1
        codes = {p.code for p in indicator.parameters if p.comfort_level == level}
        if not codes <= implemented:
            break
        points = indicator.level_points[level]
    return points


_RULES = {
    "per_parameter": _per_parameter,
    "yes_no": _per_parameter,
    "events": _events,
    "vacancy_dynamics": _vacancy_dynamics,
    "comfort_levels": _comfort_levels,
}


# --- subjective part ------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """Positive answers among the answers given (blank and «not applicable» excluded)."""

    positive: int
    responses: int
    minimum: int

    @property
    def share(self) -> float | None:
        return round(self.positive / self.responses, PLACES) if self.responses else None

    @property
    def too_few(self) -> bool:
        return self.responses < self.minimum

    def __add__(self, other: "Share") -> "Share":
        return Share(self.positive + other.positive, self.responses + other.responses, self.minimum)


# --- an indicator and a total ---------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """An indicator's score: the subjective part (share × its points) plus the objective points,
    each counted only when it exists (enough answers; a chosen, filled checklist). `score` is
    None when no part counts: the indicator is then left out of the total, not scored 0."""

    score: float | None
    max: float | None


def indicator_score(
    indicator: Indicator,
    subjective: Share | None,
    objective: float | None,
    *,
    suspended: bool = False,
    annulled: bool = False,
) -> Score:
    if suspended:
        return Score(None, None)
    score = top = 0.0
    counted = False
    # no answers at all never count, even under a methodology with no minimum
    if indicator.has_subjective and subjective and subjective.responses and not subjective.too_few:
        score += subjective.share * indicator.subjective_max
        top += indicator.subjective_max
        counted = True
    if indicator.has_objective and objective is not None:
        score += min(objective, indicator.objective_max)
        top += indicator.objective_max
        counted = True
    if not counted:
        return Score(None, None)
    return Score(0.0 if annulled else round(score, PLACES), top)


def total(scores: Iterable[tuple[Indicator, Score]]) -> float | None:
    """The weighted mean of the indicator scores normalised to their maxima, × 100 (DESIGN.md,
    weights from the data, 1 by default); None when nothing counts."""
    weighted = [
        (indicator.weight, score.score / score.max)
        for indicator, score in scores
        if score.score is not None and score.max
    ]
    weights = sum(w for w, _value in weighted)
    if not weights:
        return None
    return round(100 * sum(w * value for w, value in weighted) / weights, 2)
