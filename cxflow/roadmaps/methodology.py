"""Roadmap templates: versioned methodology data in cxflow/methodology/data/roadmaps/*.toml.

A template holds its lines (with the artefact of the CX cycle that completes a line,
`completed_by`), the pilot's phases, what approves the roadmap, the meeting cadence and the
layout of the monitoring report; every date is the source programme's own calendar date.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from cxflow.core import methodology
from cxflow.core.methodology import Document
from cxflow.pilots.models import DeliverableKind, Direction
from cxflow.roadmaps.models import ActivityKind


@dataclass(frozen=True)
class TemplateItem:
    number: str
    title: str
    kind: ActivityKind
    responsible: str = ""
    result: str = ""
    deliverable_kind: DeliverableKind | None = None
    start: dt.date | None = None  # a date of the source programme
    due: dt.date | None = None
    due_day: tuple[int, int] | None = None  # (month, day) of the project's calendar year
    ongoing: bool = False
    # the artefact of the CX cycle that completes the line (ARTEFACTS), and where that is said
    completed_by: str | None = None
    completed_by_source: str = ""
    # a programme line that the typical roadmap leaves out; `source` cites the programme's item
    optional: bool = False
    source: str = ""

    @property
    def parent_number(self) -> str | None:
        return self.number.rpartition(".")[0] or None

    @property
    def meeting_number(self) -> int | None:
        """N of a line completed by the protocol of working-group meeting No. N."""
        match = MEETING.fullmatch(self.completed_by or "")
        return int(match.group(1)) if match else None


@dataclass(frozen=True)
class TemplatePhase:
    kind: str  # preparatory | main | final (cxflow.pilots.services.PHASES)
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class MonitoringForm:
    """The monitoring report's own layout: its title and its rows (template line numbers)."""

    title: str
    source: str
    rows: tuple[str, ...]


@dataclass(frozen=True)
class RoadmapTemplate:
    key: str
    version: int
    title: str
    direction: Direction
    source: str
    reference_start: dt.date | None
    items: tuple[TemplateItem, ...]
    phases: tuple[TemplatePhase, ...] = ()
    # what approves the roadmap: "meeting" (the protocol of the working-group meeting marked
    # as approving it), "order" (an order among the pilot's documents)
    approved_by: tuple[str, ...] = ("meeting",)
    approved_by_source: str = ""
    meeting_cadence_days: int | None = None  # meetings at most this many calendar days apart
    meeting_cadence_source: str = ""
    monitoring: MonitoringForm | None = None

    def item(self, number: str | None) -> TemplateItem | None:
        return next((i for i in self.items if i.number == number), None)

    def monitoring_rows(self) -> tuple[TemplateItem, ...]:
        """The rows of the monitoring report: the form's own, else every line of the typical
        roadmap (neither a section nor an optional programme line) in the template's order."""
        if self.monitoring is not None:
            return tuple(self.item(number) for number in self.monitoring.rows)
        return tuple(i for i in self.items if i.kind != ActivityKind.heading and not i.optional)


# Artefacts of the CX cycle that complete a roadmap line (cxflow.roadmaps.artefacts finds them).
MEETING = re.compile(r"meeting-([1-9][0-9]?)")
ARTEFACTS = ("order", "kpis", "profile", "journey", "measurements", "solution_map")
ARTEFACTS += ("roadmap_approval",)
APPROVERS = ("meeting", "order")
PHASES = ("preparatory", "main", "final")


def _item(raw: dict) -> TemplateItem:
    kind = ActivityKind(raw.get("kind", "heading"))
    due_day = None
    if "due_day" in raw:
        month, day = raw["due_day"].split("-")
        due_day = (int(month), int(day))
    return TemplateItem(
        number=str(raw["number"]),
        title=raw["title"].strip(),
        kind=kind,
        responsible=raw.get("responsible", ""),
        result=raw.get("result", ""),
        deliverable_kind=DeliverableKind(raw["deliverable_kind"])
        if raw.get("deliverable_kind")
        else None,
        start=_date(raw.get("start")),
        due=_date(raw.get("due")),
        due_day=due_day,
        ongoing=bool(raw.get("ongoing", False)),
        completed_by=raw.get("completed_by"),
        completed_by_source=raw.get("completed_by_source", ""),
        optional=bool(raw.get("optional", False)),
        source=raw.get("source", ""),
    )


def _phase(raw: dict) -> TemplatePhase:
    return TemplatePhase(kind=raw["kind"], start=_date(raw["start"]), end=_date(raw["end"]))


def _monitoring(raw: dict | None) -> MonitoringForm | None:
    if raw is None:
        return None
    return MonitoringForm(
        title=raw["title"], source=raw.get("source", ""), rows=tuple(map(str, raw["rows"]))
    )


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _validate(template: RoadmapTemplate) -> None:
    numbers = [item.number for item in template.items]
    if len(numbers) != len(set(numbers)):
        raise ValueError(f"{template.key}: repeated item numbers")
    for item in template.items:
        if item.parent_number and item.parent_number not in numbers:
            raise ValueError(f"{template.key}: {item.number} has no parent item")
        dated = item.start or item.due
        if (dated or template.phases) and template.reference_start is None:
            raise ValueError(f"{template.key}: dated items need reference_start")
        if item.start and item.due and item.start > item.due:
            raise ValueError(f"{template.key}: {item.number} starts after it is due")
        artefact = item.completed_by
        if artefact and artefact not in ARTEFACTS and not MEETING.fullmatch(artefact):
            raise ValueError(f"{template.key}: {item.number} completed by unknown {artefact!r}")
        if item.optional and not item.source:
            raise ValueError(f"{template.key}: optional {item.number} must cite its source")
    for phase in template.phases:
        if phase.kind not in PHASES or phase.end < phase.start:
            raise ValueError(f"{template.key}: bad phase {phase}")
    if not template.approved_by or set(template.approved_by) - set(APPROVERS):
        raise ValueError(f"{template.key}: approved_by must be some of {APPROVERS}")
    if template.monitoring is not None:
        rows = template.monitoring.rows
        lines = {i.number for i in template.items if i.kind != ActivityKind.heading}
        if len(rows) != len(set(rows)) or set(rows) - lines:
            raise ValueError(f"{template.key}: monitoring rows must be distinct template lines")


def parse(document: Document) -> RoadmapTemplate:
    raw = document.raw
    template = RoadmapTemplate(
        key=document.key,
        version=document.version,
        title=document.title,
        direction=Direction(raw["direction"]),
        source=raw.get("source", ""),
        reference_start=_date(raw.get("reference_start")),
        items=tuple(_item(item) for item in raw["items"]),
        phases=tuple(_phase(phase) for phase in raw.get("phases", ())),
        approved_by=tuple(raw.get("approved_by", ("meeting",))),
        approved_by_source=raw.get("approved_by_source", ""),
        meeting_cadence_days=raw.get("meeting_cadence_days"),
        meeting_cadence_source=raw.get("meeting_cadence_source", ""),
        monitoring=_monitoring(raw.get("monitoring")),
    )
    _validate(template)
    return template


@cache
def templates() -> dict[str, RoadmapTemplate]:
    return {key: parse(document) for key, document in methodology.documents("roadmaps").items()}
