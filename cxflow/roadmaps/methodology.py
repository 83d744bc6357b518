"""Roadmap templates: versioned methodology data in cxflow/methodology/data/roadmaps/*.toml."""

import datetime as dt
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

    @property
    def parent_number(self) -> str | None:
        return self.number.rpartition(".")[0] or None


@dataclass(frozen=True)
class RoadmapTemplate:
    key: str
    version: int
    title: str
    direction: Direction
    source: str
    reference_start: dt.date | None
    items: tuple[TemplateItem, ...]


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
        if dated and template.reference_start is None:
            raise ValueError(f"{template.key}: dated items need reference_start")
        if item.start and item.due and item.start > item.due:
            raise ValueError(f"{template.key}: {item.number} starts after it is due")


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
    )
    _validate(template)
    return template


@cache
def templates() -> dict[str, RoadmapTemplate]:
    return {key: parse(document) for key, document in methodology.documents("roadmaps").items()}
