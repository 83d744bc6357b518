"""The indicator catalogue as users read it (seed 002 §1.1, App. 8): the titles of kinds, levels
and point rules, the indicators by group, and a version's catalogue or nothing."""

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from cxflow.index.services import indicators
from cxflow.index.services.indicators import Group, IndexMethodology, Indicator

KIND_TITLES = {
    "subjective": _l("subjective (survey)"),
    "objective": _l("objective (checklist)"),
    "both": _l("subjective and objective"),
}
LEVEL_TITLES = {
    "office": _l("each office"),
    "managing_office": _l("managing office, once per region"),
}
RULE_TITLES = {
    "per_parameter": _l("points for each parameter implemented"),
    "yes_no": _l("yes / no"),
    "events": _l("points for each kind of event held, listed or not"),
    "vacancy_dynamics": _l("(current / previous − 1) × 2"),
    "comfort_levels": _l("points of the highest comfort level fully met"),
}
COMFORT_LEVELS = (3, 2, 1)  # the order of App. 8 item 8: level 3 is the base (0.75)


def points(value) -> str:
    """A number of points as the locale writes it: 0,25 in Russian, at most three decimals."""
    if value is None:
        return "—"
    return format_decimal(value, format="0.###")


@dataclass(frozen=True)
class GroupIndicators:
    group: Group
    indicators: tuple[Indicator, ...]


def of_version(version: int | None) -> IndexMethodology | None:
    """The indicators of `version` (None: the version in force); None if never recorded."""
    if version is None:
        return indicators.current()
    try:
        return indicators.of_version(version)
    except LookupError:
        return None


def by_group(methodology: IndexMethodology) -> list[GroupIndicators]:
    return [
        GroupIndicators(g, tuple(i for i in methodology.indicators if i.group == g.key))
        for g in sorted(methodology.groups, key=lambda g: g.number)
    ]


def by_comfort_level(indicator: Indicator) -> list[tuple[int, float, list]]:
    """(level, its points, its parameters) for a comfort checklist, level 3 first."""
    return [
        (
            level,
            indicator.level_points.get(level, 0),
            [p for p in indicator.parameters if p.comfort_level == level],
        )
        for level in COMFORT_LEVELS
        if level in indicator.level_points
    ]
