"""Journey stages: the ordered steps of a journey, each with what the client wants and thinks,
what the office wants, the barriers and who answers for it; a stage may happen only under a
condition, or repeat. How a stage reads on the map (its kind, its lines) lives here too."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cxflow.core import access
from cxflow.core.db import check_version, lock, next_position, reorder
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import checked_text, clean_text
from cxflow.index.services import indicators
from cxflow.index.services.indicators import IndexMethodology, StageTopic
from cxflow.journeys.models import (
    STAGE_KIND_TITLES,
    Journey,
    JourneyStage,
    PainPoint,
    StageKind,
    Touchpoint,
)
from cxflow.journeys.services.checks import MAX_TEXT, MAX_TITLE, member, prefixed
from cxflow.journeys.services.pain_points import check_pain_point
from cxflow.journeys.services.touchpoints import check_touchpoint
from cxflow.pilots.signals import work_changed
from cxflow.users.models import User

MAX_CONDITION = 500
MAX_STAGES = 100  # per journey in one request
MAX_ITEMS = 100  # touchpoints or pain points per stage in one request

# Stages that only happen under a condition, or repeat, must say when (seed 001 §2.7:
# Vladimir «если не удалось п.4», Chelyabinsk «остается на учете, если не трудоустроился»).
NEEDS_CONDITION = (StageKind.conditional, StageKind.loop)
STAGE_TEXTS = ("client_goal", "office_goal")
STAGE_LINES = ("client_thoughts", "barriers", "responsible_internal", "responsible_external")
STAGE_FIELDS = ("title", "kind", "condition", *STAGE_TEXTS, *STAGE_LINES, "index_topic")


# --- reading ----------------------------------------------------------------------------------


def kind_text(stage: JourneyStage) -> str:
    """The stage's kind in words, with its condition: «conditional: если не удалось п.4»."""
    if stage.kind == StageKind.regular and not stage.condition:
        return ""
    title = str(STAGE_KIND_TITLES.get(StageKind(stage.kind), stage.kind))
    if stage.kind == StageKind.loop:
        title = _("loop, repeats")
    return f"{title}: {stage.condition}" if stage.condition else title


def lines(text: str | None) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def topic_options() -> list[tuple[str, str]]:
    """The stage topics of the index methodology in force: (key, title)."""
    return [(t.key, t.title) for t in indicators.current().stage_topics]


def effective_topic(
    stage: JourneyStage, methodology: IndexMethodology | None = None
) -> tuple[StageTopic | None, bool]:
    """The index topic the stage's values show, and whether it was guessed: the one set on
    the stage, else the first whose keyword is in its title (methodology data); (None, …)
    when neither (or the set one is not in that version of the methodology)."""
    methodology = methodology or indicators.current()
    if stage.index_topic:
        return methodology.topic(stage.index_topic), False
    return methodology.topic(methodology.guess_topic(stage.title or "")), True


# --- checking ---------------------------------------------------------------------------------


def clean_lines(value) -> str:
    """One item per line: each stripped, empty lines dropped."""
    if isinstance(value, list | tuple):
        value = "\n".join(v for v in value if isinstance(v, str))
    return "\n".join(line.strip() for line in clean_text(value).splitlines() if line.strip())


def _check_stage(data: dict, kept_topic: str = "") -> tuple[dict, dict]:
    errors: dict = {}
    values: dict = {
        "title": checked_text(errors, "title", data.get("title"), MAX_TITLE, _l("Enter the stage."))
    }
    kind = member(StageKind, data.get("kind") or StageKind.regular)
    if kind is None:
        errors["kind"] = _l("Choose the kind of stage.")
    values["kind"] = kind or StageKind.regular
    values["condition"] = checked_text(errors, "condition", data.get("condition"), MAX_CONDITION)
    if kind in NEEDS_CONDITION and not values["condition"] and "condition" not in errors:
        errors["condition"] = (
            _l("Say when the client goes through this stage (e.g. «если не удалось п.4»).")
            if kind == StageKind.conditional
            else _l("Say when the stage repeats and where the client goes back to.")
        )
    for name in STAGE_TEXTS:
        values[name] = checked_text(errors, name, data.get(name), MAX_TEXT)
    for name in STAGE_LINES:
        values[name] = clean_lines(data.get(name))
        if len(values[name]) > MAX_TEXT:
            errors[name] = _l("At most %(n)s characters.", n=MAX_TEXT)
    values["index_topic"] = _check_topic(errors, data.get("index_topic"), kept_topic)
    return errors, values


def _check_topic(errors: dict, value, kept: str = "") -> str:
    """A topic of the methodology in force, or blank (guessed from the title); the stage's
    own topic is kept as it is even if a later version dropped it."""
    topic = clean_text(value)
    if topic and topic != kept and indicators.current().topic(topic) is None:
        errors["index_topic"] = _l(
            "Choose a topic of the index methodology, or leave it blank to guess it from the title."
        )
        return ""
    return topic


def check_stage_tree(data) -> tuple[dict, dict]:
    """A stage with its nested touchpoints and pain points (errors named in place)."""
    if not isinstance(data, dict):
        return {"title": _l("Enter the stage.")}, {}
    errors, values = _check_stage(data)
    for key, check in (("touchpoints", check_touchpoint), ("pain_points", check_pain_point)):
        items = data.get(key) or []
        if len(items) > MAX_ITEMS:
            errors[key] = _l("At most %(n)s per stage.", n=MAX_ITEMS)
            items = []
        values[key] = []
        for i, item in enumerate(items):
            item_errors, item_values = check(item, None)
            errors |= prefixed(item_errors, f"{key}.{i}.")
            values[key].append(item_values)
    return errors, values


# --- changing ---------------------------------------------------------------------------------


def build_stage(journey: Journey, position: int, values: dict) -> JourneyStage:
    """The stage checked by `check_stage_tree`, with its touchpoints and pain points, added to
    the journey at `position`."""
    stage = JourneyStage(
        pilot_id=journey.pilot_id,
        region_id=journey.region_id,
        position=position,
        **{name: values[name] for name in STAGE_FIELDS},
    )
    journey.stages.append(stage)
    for item in values.get("touchpoints", ()):
        stage.touchpoints.append(Touchpoint(region_id=journey.region_id, **item))
    for item in values.get("pain_points", ()):
        stage.pain_points.append(PainPoint(region_id=journey.region_id, **item))
    return stage


def add_stage(actor: User, journey: Journey, data: dict) -> JourneyStage:
    """A stage at the end of the journey, with its touchpoints and pain points if given."""
    access.require(actor, "cycle.edit", journey.region_id)
    errors, values = check_stage_tree(data)
    if errors:
        raise ValidationError(errors)
    position = next_position(journey, JourneyStage.position, JourneyStage.journey_id == journey.id)
    if position > MAX_STAGES:
        raise ValidationError({"title": _l("At most %(n)s stages.", n=MAX_STAGES)})
    stage = build_stage(journey, position, values)
    db.session.flush()
    work_changed(journey.pilot, actor)
    return stage


def update_stage(actor: User, stage: JourneyStage, data: dict, version: int | None) -> JourneyStage:
    access.require(actor, "cycle.edit", stage.region_id)
    check_version(stage, version)
    merged = {name: data.get(name, getattr(stage, name)) for name in STAGE_FIELDS}
    errors, values = _check_stage(merged, kept_topic=stage.index_topic)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(stage, name, value)
    db.session.flush()
    return stage


def _stages_locked(journey: Journey) -> list[JourneyStage]:
    """The journey's stages in their order, read afresh with the journey locked (so that a
    move or a delete renumbers what is stored, not what this request read before)."""
    lock(journey)
    db.session.expire(journey, ["stages"])
    stmt = (
        sa.select(JourneyStage)
        .where(JourneyStage.journey_id == journey.id)
        .order_by(JourneyStage.position)
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(stmt))


def _renumber(ordered: list[JourneyStage]) -> None:
    """Positions 1…n in the given order, so stage numbers have no gaps."""
    reorder({stage: position for position, stage in enumerate(ordered, 1)})


def move_stage(actor: User, stage: JourneyStage, direction: str) -> JourneyStage:
    """Swap the stage with its neighbour above (`up`) or below (`down`); at an end, nothing."""
    access.require(actor, "cycle.edit", stage.region_id)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _l("Choose up or down.")})
    ordered = _stages_locked(stage.journey)
    index = ordered.index(stage)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(ordered)
    db.session.expire(stage.journey, ["stages"])
    return stage


def delete_stage(actor: User, stage: JourneyStage) -> None:
    """Delete a stage with its touchpoints, pain points and measurements; renumber the rest."""
    access.require(actor, "cycle.edit", stage.region_id)
    journey = stage.journey
    ordered = _stages_locked(journey)
    db.session.delete(stage)
    db.session.flush()
    _renumber([s for s in ordered if s is not stage])
    db.session.expire(journey, ["stages"])
    work_changed(journey.pilot, actor)
