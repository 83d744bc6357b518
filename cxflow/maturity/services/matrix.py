"""The level matrix of seed 004 §1 as versioned methodology data
(cxflow/methodology/data/maturity/matrix-2022.toml): activities, who does them and what each
level I–IV requires of the region and of its offices."""

from dataclasses import dataclass, field
from functools import cache

from cxflow.core import methodology

MATRIX_KEY = "matrix-2022"
LEVELS = (1, 2, 3, 4)
SCOPES = ("region", "office")
STATES = ("in_development", "operating")
BLOCKS = ("documents", "measurement", "improvement", "competences")
RESPONSIBLE = ("managing_office", "office")
# measure -> the keys its threshold takes (cxflow.maturity.services.measures reads them)
MEASURES = {
    "profiles": {"seeker", "employer"},
    "journeys": {"seeker", "employer"},
    "committee_meetings": {"per_month"},
    "events": {"per_year"},
    "knowledge_bank": {"cadence"},
}
CADENCES = ("quarterly", "monthly")
ROMAN = {0: "0", 1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Requirement:
    number: str
    scope: str
    level: int
    state: str  # operating | in_development («Разработка»)
    text: str
    seed: str
    threshold: dict | None = None
    offices: str | None = None  # some | all, office requirements only

    def as_dict(self) -> dict:
        data = {"state": self.state, "text": self.text, "seed": self.seed}
        if self.threshold:
            data["threshold"] = dict(self.threshold)
        if self.offices:
            data["offices"] = self.offices
        return data


@dataclass(frozen=True)
class Activity:
    number: str
    block: str
    title: str
    responsible: tuple[str, ...]
    seed: str
    measure: str | None
    measured_scopes: frozenset[str]
    levels: dict = field(compare=False)  # scope -> level -> Requirement

    def requirement(self, scope: str, level: int) -> Requirement | None:
        return self.levels[scope].get(level)

    def has_scope(self, scope: str) -> bool:
        return bool(self.levels[scope])

    def is_manual(self, scope: str) -> bool:
        """Moved by hand in this scope (else the measure is the whole requirement)."""
        return scope not in self.measured_scopes


@dataclass(frozen=True)
class Matrix:
    key: str
    version: int
    title: str
    source: str
    blocks: dict
    activities: tuple[Activity, ...]

    @property
    def by_number(self) -> dict[str, Activity]:
        return {a.number: a for a in self.activities}

    def requirements(self, up_to: int) -> list[Requirement]:
        """Every requirement of levels 1..`up_to`: levels are cumulative (cxflow's decision)."""
        return [
            requirement
            for activity in self.activities
            for scope in SCOPES
            for level, requirement in activity.levels[scope].items()
            if level <= up_to
        ]


class MatrixError(ValueError):
    """The data file breaks the matrix's rules."""


def _requirement(number: str, scope: str, level_key: str, raw: dict) -> Requirement:
    where = f"activity {number}, {scope} level {level_key}"
    if level_key not in {str(level) for level in LEVELS}:
        raise MatrixError(f"{where}: levels are 1–4")
    if raw.get("state") not in STATES:
        raise MatrixError(f"{where}: state is one of {STATES}")
    offices = raw.get("offices")
    if offices is not None and (scope != "office" or offices not in ("some", "all")):
        raise MatrixError(f"{where}: `offices` (some | all) belongs to office requirements")
    if scope == "office" and offices is None:
        offices = "all"  # «в каждом ЦЗН»
    return Requirement(
        number=number,
        scope=scope,
        level=int(level_key),
        state=raw["state"],
        text=str(raw.get("text", "")),
        seed=str(raw.get("seed", "")),
        threshold=raw.get("threshold"),
        offices=offices,
    )


def _activity(raw: dict) -> Activity:
    number = raw.get("number")
    if not isinstance(number, str) or not number:
        raise MatrixError("every activity has a `number` string")
    if raw.get("block") not in BLOCKS:
        raise MatrixError(f"activity {number}: block is one of {BLOCKS}")
    if not set(raw.get("responsible", [])) <= set(RESPONSIBLE):
        raise MatrixError(f"activity {number}: responsible among {RESPONSIBLE}")
    measure = raw.get("measure")
    if measure is not None and measure not in MEASURES:
        raise MatrixError(f"activity {number}: unknown measure {measure!r}")
    levels = {
        scope: {
            int(key): _requirement(number, scope, key, value)
            for key, value in raw.get("levels", {}).get(scope, {}).items()
        }
        for scope in SCOPES
    }
    for requirement in (r for scope in SCOPES for r in levels[scope].values()):
        if requirement.threshold is None:
            continue
        if measure is None or set(requirement.threshold) != MEASURES[measure]:
            raise MatrixError(
                f"activity {number}: a threshold needs the keys of its measure {measure!r}"
            )
        if measure == "knowledge_bank" and requirement.threshold["cadence"] not in CADENCES:
            raise MatrixError(f"activity {number}: cadence is one of {CADENCES}")
    measured = frozenset(raw.get("measured_scopes", []))
    if measured and measure is None:
        raise MatrixError(f"activity {number}: measured scopes need a measure")
    return Activity(
        number=number,
        block=raw["block"],
        title=raw["title"],
        responsible=tuple(raw.get("responsible", [])),
        seed=raw.get("seed", ""),
        measure=measure,
        measured_scopes=measured,
        levels=levels,
    )


@cache
def matrix(key: str = MATRIX_KEY) -> Matrix:
    document = methodology.documents("maturity")[key]
    raw = document.raw
    activities = tuple(_activity(item) for item in raw.get("activities", []))
    if len({a.number for a in activities}) != len(activities):
        raise MatrixError(f"{key}: two activities have the same number")
    return Matrix(
        key=document.key,
        version=document.version,
        title=document.title,
        source=raw.get("source", ""),
        blocks=dict(raw.get("blocks", {})),
        activities=activities,
    )


def document():
    """The methodology document of the current matrix (to record its version)."""
    return methodology.documents("maturity")[MATRIX_KEY]
