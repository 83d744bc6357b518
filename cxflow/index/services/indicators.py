"""The index's indicators as versioned methodology data
(cxflow/methodology/data/index/indicators-*.toml): groups, indicators, checklist parameters,
points, the positive band, the minimum of answers and the journey-stage topics. A stored period
names its version; an earlier version is read back from the recorded copy."""

from collections.abc import Mapping
from dataclasses import dataclass

from cxflow.core import methodology
from cxflow.methodology.services import content_of, record

KIND = "index"
INDICATORS_KEY = "indicators-2022"  # the indicator set in force; a new rule gets a new version
KINDS = ("subjective", "objective", "both")
LEVELS = ("office", "managing_office")


@dataclass(frozen=True)
class Parameter:
    code: str
    title: str
    points: float
    comfort_level: int | None = None
    source: str = ""
    area: str = ""  # comfort: the column of the level grid (App. 8 item 8)


@dataclass(frozen=True)
class Indicator:
    key: str
    number: str
    group: str
    title: str
    kind: str  # subjective | objective | both
    level: str  # office | managing_office
    questions: tuple[str, ...]
    scored: bool  # false: the answers are a distribution only (Q14)
    subjective_max: float
    objective_max: float
    rule: str  # per_parameter | yes_no | events | vacancy_dynamics | comfort_levels | ""
    points: float  # per parameter, unless a parameter says otherwise
    weight: float
    stages: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    level_points: Mapping[int, float]
    evidence: str = ""
    source: str = ""
    decision: str = ""

    @property
    def has_subjective(self) -> bool:
        return self.kind in ("subjective", "both") and self.scored and bool(self.questions)

    @property
    def has_objective(self) -> bool:
        return self.kind in ("objective", "both")

    @property
    def max(self) -> float:
        return self.subjective_max * self.has_subjective + self.objective_max * self.has_objective

    def parameter(self, code: str) -> Parameter | None:
        return next((p for p in self.parameters if p.code == code), None)


@dataclass(frozen=True)
class Group:
    key: str
    number: int
    title: str


@dataclass(frozen=True)
class StageTopic:
    key: str
    title: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class IndexMethodology:
    key: str
    version: int
    title: str
    positive_min: int
    positive_max: int
    min_responses: int
    min_responses_decision: str
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    stage_topics: tuple[StageTopic, ...]
    subjective_max_decision: str = ""

    def indicator(self, key: str) -> Indicator | None:
        return next((i for i in self.indicators if i.key == key), None)

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)

    def topic(self, key: str) -> StageTopic | None:
        return next((t for t in self.stage_topics if t.key == key), None)

    @property
    def objective(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.has_objective)

    def on_stage(self, topic: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if topic in i.stages)

    def guess_topic(self, stage_title: str) -> str:
        """The first topic one of whose keywords is in the stage's title; blank if none."""
        title = stage_title.casefold()
        return next(
            (t.key for t in self.stage_topics if any(word in title for word in t.keywords)), ""
        )


def current() -> IndexMethodology:
    document = methodology.documents(KIND)[INDICATORS_KEY]
    return _build(document.version, document.raw)


def record_in_force() -> IndexMethodology:
    """The version in force, recorded with its content (what a new period is opened under)."""
    document = methodology.documents(KIND)[INDICATORS_KEY]
    record(document)
    return _build(document.version, document.raw)


def of_version(version: int, key: str = INDICATORS_KEY) -> IndexMethodology:
    """The indicators as version `version` had them (the file's, or the recorded copy)."""
    document = methodology.documents(KIND).get(key)
    if document is not None and document.version == version:
        return _build(version, document.raw)
    raw = content_of(KIND, key, version)
    if raw is None:
        raise LookupError(f"{KIND}/{key} version {version} was never recorded")
    return _build(version, raw)


_BUILT: dict[tuple[str, int], IndexMethodology] = {}


def _build(version: int, raw: Mapping) -> IndexMethodology:
    """A version's content never changes (cxflow.methodology refuses that), so it is built once."""
    key = (raw["key"], version)
    if key not in _BUILT:
        _BUILT[key] = _parse(raw)
    return _BUILT[key]


def _parse(raw: Mapping) -> IndexMethodology:
    return IndexMethodology(
        key=raw["key"],
        version=raw["version"],
        title=raw["title"],
        positive_min=raw["positive_min"],
        positive_max=raw["positive_max"],
        min_responses=raw["min_responses"],
        min_responses_decision=raw.get("min_responses_decision", ""),
        groups=tuple(Group(g["key"], g["number"], g["title"]) for g in raw["groups"]),
        indicators=tuple(_indicator(item) for item in raw["indicators"]),
        stage_topics=tuple(
            StageTopic(t["key"], t["title"], tuple(t.get("keywords", ())))
            for t in raw.get("stage_topics", ())
        ),
        subjective_max_decision=raw.get("subjective_max_decision", ""),
    )


def _indicator(raw: Mapping) -> Indicator:
    points = raw.get("points", 0)
    return Indicator(
        key=raw["key"],
        number=raw["number"],
        group=raw["group"],
        title=raw["title"],
        kind=raw["kind"],
        level=raw.get("level", "office"),
        questions=tuple(raw.get("questions", ())),
        scored=raw.get("scored", True),
        subjective_max=raw.get("subjective_max", 1) if raw["kind"] != "objective" else 0,
        objective_max=raw.get("objective_max", 0),
        rule=raw.get("rule", ""),
        points=points,
        weight=raw.get("weight", 1),
        stages=tuple(raw.get("stages", ())),
        parameters=tuple(
            Parameter(
                code=p["code"],
                title=p["title"],
                points=p.get("points", points),
                comfort_level=p.get("comfort_level"),
                source=p.get("source", ""),
                area=p.get("area", ""),
            )
            for p in raw.get("parameters", ())
        ),
        level_points={int(k): v for k, v in raw.get("level_points", {}).items()},
        evidence=raw.get("evidence", ""),
        source=raw.get("source", ""),
        decision=raw.get("decision", ""),
    )
