"""The JSON shapes of the journeys API."""

import marshmallow as ma

from cxflow.core.api import Id, Timestamp, list_schema
from cxflow.index.schemas.periods import PeriodRefSchema
from cxflow.journeys.models import (
    Channel,
    Method,
    Metric,
    StageKind,
)
from cxflow.journeys.services import measurements, stages
from cxflow.journeys.services.checks import MAX_TEXT
from cxflow.journeys.services.measurements import MAX_SAMPLE
from cxflow.journeys.services.stages import MAX_ITEMS, MAX_STAGES

KINDS = ma.validate.OneOf([k.value for k in StageKind])


CHANNELS = ma.validate.OneOf([c.value for c in Channel])


METHODS = ma.validate.OneOf([m.value for m in Method])


METRICS = ma.validate.OneOf([m.value for m in Metric])


TEXT = ma.validate.Length(max=MAX_TEXT)

TOPIC_DESCRIPTION = (
    "The stage's topic of the customer-centricity index (`stage_topics` of the methodology in "
    "force: information, booking, arrival, visit, consultation, result, feedback, channels): "
    "which indicators the stage shows; blank = guessed from the title. Unknown: 422."
)


def flat(messages, prefix: str = "") -> dict:
    """Nested marshmallow messages as one level named by path: {"stages.2.title": [...]}."""
    if not isinstance(messages, dict):
        return {prefix.rstrip(".") or "_schema": messages}
    result: dict = {}
    for key, value in messages.items():
        name = prefix.rstrip(".") if key == "_schema" and prefix else f"{prefix}{key}"
        if isinstance(value, dict):
            result |= flat(value, f"{name}.")
        else:
            result[name] = value
    return result


class FlatSchema(ma.Schema):
    """An input whose errors name nested fields by their path (API.md error shape)."""

    def handle_error(self, error, data, *, many, **kwargs):
        raise ma.ValidationError(flat(error.messages))


class TouchpointIn(FlatSchema):
    title = ma.fields.String(required=True)
    channel = ma.fields.String(load_default=Channel.other.value, validate=CHANNELS)
    responsible = ma.fields.String(load_default="")


class PainPointIn(FlatSchema):
    description = ma.fields.String(required=True, validate=TEXT)
    evidence = ma.fields.String(load_default="", validate=TEXT)
    touchpoint_id = Id(
        load_default=None,
        allow_none=True,
        metadata={"description": "A touchpoint of the same stage"},
    )


class NestedPainPointIn(FlatSchema):
    description = ma.fields.String(required=True, validate=TEXT)
    evidence = ma.fields.String(load_default="", validate=TEXT)


def _object_schema(title_field: str, optional: dict) -> dict:
    properties = {title_field: {"type": "string"}} | {k: v for k, v in optional.items()}
    return {"type": "object", "properties": properties, "required": [title_field]}


class TitleOrObject(ma.fields.Field):
    """A touchpoint or pain point: an object, or a plain string for its title/description."""

    def __init__(self, schema: type[ma.Schema], main: str, optional: dict, **kwargs):
        self.schema, self.main = schema, main
        one_of = [{"type": "string"}, _object_schema(main, optional)]
        super().__init__(metadata={"oneOf": one_of}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = {self.main: value}
        return self.schema().load(value)


class StageIn(FlatSchema):
    title = ma.fields.String(required=True)
    kind = ma.fields.String(load_default=StageKind.regular.value, validate=KINDS)
    condition = ma.fields.String(
        load_default="",
        metadata={"description": "Required for a conditional or loop stage"},
    )
    client_goal = ma.fields.String(load_default="", validate=TEXT)
    client_thoughts = ma.fields.String(load_default="", metadata={"description": "One per line"})
    office_goal = ma.fields.String(load_default="", validate=TEXT)
    barriers = ma.fields.String(load_default="", metadata={"description": "One per line"})
    responsible_internal = ma.fields.String(
        load_default="", metadata={"description": "One per line"}
    )
    responsible_external = ma.fields.String(
        load_default="", metadata={"description": "One per line (ФСИН, НКО …)"}
    )
    index_topic = ma.fields.String(load_default="", metadata={"description": TOPIC_DESCRIPTION})
    touchpoints = ma.fields.List(
        TitleOrObject(
            TouchpointIn,
            "title",
            {
                "channel": {"type": "string", "enum": [c.value for c in Channel]},
                "responsible": {"type": "string"},
            },
        ),
        load_default=list,
        validate=ma.validate.Length(max=MAX_ITEMS),
    )
    pain_points = ma.fields.List(
        TitleOrObject(NestedPainPointIn, "description", {"evidence": {"type": "string"}}),
        load_default=list,
        validate=ma.validate.Length(max=MAX_ITEMS),
    )


class StagePatch(FlatSchema):
    title = ma.fields.String()
    kind = ma.fields.String(validate=KINDS)
    condition = ma.fields.String()
    client_goal = ma.fields.String(validate=TEXT)
    client_thoughts = ma.fields.String()
    office_goal = ma.fields.String(validate=TEXT)
    barriers = ma.fields.String()
    responsible_internal = ma.fields.String()
    responsible_external = ma.fields.String()
    index_topic = ma.fields.String(metadata={"description": TOPIC_DESCRIPTION})
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


class JourneyCreate(FlatSchema):
    title = ma.fields.String(required=True)
    service = ma.fields.String(
        load_default="",
        metadata={"description": "Empty: the title of the catalogue entry `service_entry_id`"},
    )
    profile_id = Id(required=True, metadata={"description": "A client profile of this pilot"})
    trigger = ma.fields.String(load_default="", validate=TEXT)
    service_entry_id = Id(
        load_default=None,
        allow_none=True,
        metadata={"description": "A catalogue entry of kind public_service or service"},
    )
    stages = ma.fields.List(
        ma.fields.Nested(StageIn),
        load_default=list,
        validate=ma.validate.Length(max=MAX_STAGES),
    )


class JourneyPatch(FlatSchema):
    title = ma.fields.String()
    service = ma.fields.String()
    profile_id = Id()
    trigger = ma.fields.String(validate=TEXT)
    service_entry_id = Id(allow_none=True)
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


class TouchpointPatch(FlatSchema):
    title = ma.fields.String()
    channel = ma.fields.String(validate=CHANNELS)
    responsible = ma.fields.String()
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


class PainPointPatch(FlatSchema):
    description = ma.fields.String(validate=TEXT)
    evidence = ma.fields.String(validate=TEXT)
    touchpoint_id = Id(allow_none=True)
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


class StageMoveArgs(ma.Schema):
    direction = ma.fields.String(required=True, validate=ma.validate.OneOf(["up", "down"]))


class MeasurementIn(FlatSchema):
    method = ma.fields.String(required=True, validate=METHODS)
    metric = ma.fields.String(required=True, validate=METRICS)
    value = ma.fields.Float(required=True)
    sample_size = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=1, max=MAX_SAMPLE)
    )
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    scale_min = ma.fields.Float(
        load_default=None,
        allow_none=True,
        metadata={"description": "Required for mean_score and ces"},
    )
    scale_max = ma.fields.Float(load_default=None, allow_none=True)
    touchpoint = Id(
        load_default=None,
        allow_none=True,
        metadata={"description": "The id of a touchpoint of the same stage"},
    )
    metric_name = ma.fields.String(
        load_default="", metadata={"description": "Required for a custom metric"}
    )
    formula = ma.fields.String(load_default="", validate=TEXT)
    note = ma.fields.String(load_default="", validate=TEXT)


class MeasurementPatch(FlatSchema):
    method = ma.fields.String(validate=METHODS)
    metric = ma.fields.String(validate=METRICS)
    value = ma.fields.Float()
    sample_size = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=MAX_SAMPLE))
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()
    scale_min = ma.fields.Float(allow_none=True)
    scale_max = ma.fields.Float(allow_none=True)
    touchpoint = Id(allow_none=True)
    metric_name = ma.fields.String()
    formula = ma.fields.String(validate=TEXT)
    note = ma.fields.String(validate=TEXT)
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


class TouchpointSchema(ma.Schema):
    id = ma.fields.Integer()
    stage_id = ma.fields.Integer()
    title = ma.fields.String()
    channel = ma.fields.String()
    responsible = ma.fields.String()
    version = ma.fields.Integer()


class PainPointSchema(ma.Schema):
    id = ma.fields.Integer()
    stage_id = ma.fields.Integer()
    touchpoint_id = ma.fields.Integer(allow_none=True)
    description = ma.fields.String()
    evidence = ma.fields.String()
    created_at = Timestamp()
    version = ma.fields.Integer()


class MeasurementSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    stage_id = ma.fields.Integer()
    journey_id = ma.fields.Function(lambda m: m.stage.journey_id)
    touchpoint_id = ma.fields.Integer(allow_none=True)
    method = ma.fields.String()
    metric = ma.fields.String()
    metric_name = ma.fields.String()
    formula = ma.fields.String()
    scale_min = ma.fields.Float(allow_none=True)
    scale_max = ma.fields.Float(allow_none=True)
    value = ma.fields.Float()
    sample_size = ma.fields.Integer()
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()
    note = ma.fields.String()
    author_id = ma.fields.Integer(allow_none=True)
    score = ma.fields.Function(
        measurements.score,
        metadata={"type": "number", "nullable": True, "description": "The value scaled to 0..1"},
    )
    band = ma.fields.Function(
        lambda m: measurements.band(measurements.score(m)),
        metadata={
            "type": "string",
            "nullable": True,
            "enum": ["low", "medium", "high", None],
            "description": "low < 0.5 ≤ medium < 0.75 ≤ high; null without a score",
        },
    )
    summary = ma.fields.Function(
        measurements.describe, metadata={"type": "string", "description": "«2.6 on 1–3, n = 45»"}
    )
    version = ma.fields.Integer()
    created_at = Timestamp()


MeasurementList = list_schema(MeasurementSchema)


def _topic(topic, guessed: bool) -> dict | None:
    return {"key": topic.key, "title": topic.title, "guessed": guessed} if topic else None


class StageSchema(ma.Schema):
    id = ma.fields.Integer()
    journey_id = ma.fields.Integer()
    position = ma.fields.Integer()
    title = ma.fields.String()
    kind = ma.fields.String()
    condition = ma.fields.String()
    client_goal = ma.fields.String()
    client_thoughts = ma.fields.String()
    office_goal = ma.fields.String()
    barriers = ma.fields.String()
    responsible_internal = ma.fields.String()
    responsible_external = ma.fields.String()
    index_topic = ma.fields.String(metadata={"description": "As set; blank = guessed"})
    topic = ma.fields.Function(
        lambda s: _topic(*stages.effective_topic(s)),
        metadata={
            "type": "object",
            "nullable": True,
            "description": "The effective index topic {key, title, guessed}; null when none",
        },
    )
    touchpoints = ma.fields.List(ma.fields.Nested(TouchpointSchema))
    pain_points = ma.fields.List(ma.fields.Nested(PainPointSchema))
    measurements = ma.fields.List(ma.fields.Nested(MeasurementSchema))
    latest_measurement_id = ma.fields.Function(
        lambda s: getattr(measurements.stage_state(s).latest, "id", None),
        metadata={"type": "integer", "nullable": True, "description": "Greatest period end"},
    )
    band = ma.fields.Function(
        lambda s: measurements.stage_state(s).band,
        metadata={
            "type": "string",
            "nullable": True,
            "enum": ["low", "medium", "high", None],
            "description": "The band of the latest measurement",
        },
    )
    version = ma.fields.Integer()


class JourneySchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    title = ma.fields.String()
    service = ma.fields.String()
    service_entry_id = ma.fields.Integer(allow_none=True)
    profile_id = ma.fields.Integer(allow_none=True)
    trigger = ma.fields.String()
    stage_count = ma.fields.Function(lambda j: len(j.stages), metadata={"type": "integer"})
    pain_point_count = ma.fields.Function(
        lambda j: sum(len(s.pain_points) for s in j.stages), metadata={"type": "integer"}
    )
    version = ma.fields.Integer()
    created_at = Timestamp()
    updated_at = Timestamp()


class JourneyDetailSchema(JourneySchema):
    stages = ma.fields.List(ma.fields.Nested(StageSchema))


# --- the customer-centricity index on the stages ---------------------------------------------


class IndexValueSchema(ma.Schema):
    """One indicator at a stage (API.md: `{key, score, max, positive_share, responses,
    period}`, with what the page shows beside them)."""

    key = ma.fields.String()
    title = ma.fields.Function(lambda v: v.indicator.title)
    group = ma.fields.Function(lambda v: v.indicator.group)
    level = ma.fields.Function(
        lambda v: v.indicator.level,
        metadata={
            "type": "string",
            "enum": ["office", "managing_office"],
            "description": "managing_office: the region's value (assessed once per region)",
        },
    )
    positive_share = ma.fields.Function(
        lambda v: v.share.share if v.share else None,
        metadata={
            "type": "number",
            "nullable": True,
            "description": "Answers 8–10 among the answers given, pooled over the offices (0..1)"
            "; null without answers or without a survey part",
        },
    )
    positive = ma.fields.Function(
        lambda v: v.share.positive if v.share else None,
        metadata={"type": "integer", "nullable": True},
    )
    responses = ma.fields.Function(
        lambda v: v.share.responses if v.share else None,
        metadata={"type": "integer", "nullable": True, "description": "n"},
    )
    too_few = ma.fields.Function(
        lambda v: v.share.too_few if v.share else None,
        metadata={
            "type": "boolean",
            "nullable": True,
            "description": "Below the methodology's minimum of answers: not compared",
        },
    )
    score = ma.fields.Function(
        lambda v: v.score.score,
        metadata={
            "type": "number",
            "nullable": True,
            "description": "The mean of the offices' indicator scores; null: nothing counts",
        },
    )
    max = ma.fields.Function(lambda v: v.score.max, metadata={"type": "number", "nullable": True})
    offices_scored = ma.fields.Integer()
    suspended = ma.fields.Boolean()
    annulled_office_ids = ma.fields.Function(
        lambda v: [o.id for o in v.annulled],
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    measured = ma.fields.Boolean(metadata={"description": "false: not measured (never 0)"})
    recordable = ma.fields.Boolean(
        metadata={"description": "Can become a measurement of the stage (POST index-measurements)"}
    )
    refusal = ma.fields.String(allow_none=True, metadata={"description": "Why not, if not"})
    period = ma.fields.Nested(PeriodRefSchema)


class StageIndexSchema(ma.Schema):
    id = ma.fields.Function(lambda r: r.stage.id, metadata={"type": "integer"})
    position = ma.fields.Function(lambda r: r.stage.position, metadata={"type": "integer"})
    title = ma.fields.Function(lambda r: r.stage.title, metadata={"type": "string"})
    index_topic = ma.fields.Function(
        lambda r: r.stage.index_topic, metadata={"type": "string", "description": "As set"}
    )
    topic = ma.fields.Function(
        lambda r: _topic(r.topic, r.guessed),
        metadata={"type": "object", "nullable": True, "description": "{key, title, guessed}"},
    )
    index = ma.fields.List(ma.fields.Nested(IndexValueSchema), attribute="values")


class OfficeRefSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()


class JourneyIndexSchema(ma.Schema):
    journey_id = ma.fields.Function(lambda b: b.journey.id, metadata={"type": "integer"})
    period = ma.fields.Nested(
        PeriodRefSchema, allow_none=True, metadata={"description": "null: no period"}
    )
    periods = ma.fields.List(ma.fields.Nested(PeriodRefSchema))
    offices = ma.fields.List(ma.fields.Nested(OfficeRefSchema))
    offices_from = ma.fields.Function(
        lambda b: "pilot" if b.from_pilot else "region",
        metadata={"type": "string", "enum": ["pilot", "region"]},
    )
    stages = ma.fields.List(ma.fields.Nested(StageIndexSchema))


class JourneyIndexArgs(ma.Schema):
    period_id = Id(
        load_default=None,
        metadata={"description": "An index period of the journey's region; default its latest"},
    )


class IndexMeasurementIn(FlatSchema):
    period_id = Id(required=True, metadata={"description": "An index period of the region"})
    indicator_key = ma.fields.String(
        required=True, metadata={"description": "An indicator of the stage's index topic"}
    )


class _With:
    """An object read as itself plus a few more attributes (the index of its stages)."""

    def __init__(self, obj, **more):
        self._obj = obj
        self.__dict__.update(more)

    def __getattr__(self, name):
        return getattr(self._obj, name)


def with_index(journey, board) -> _With:
    """The journey whose stages carry `index`: their values of the board's period."""
    return _With(journey, stages=[_With(s, index=board.stage(s.id).values) for s in journey.stages])


class IndexedStageSchema(StageSchema):
    index = ma.fields.List(
        ma.fields.Nested(IndexValueSchema),
        metadata={"description": "The index values of the stage's topic, the latest period"},
    )


class IndexedJourneySchema(JourneyDetailSchema):
    stages = ma.fields.List(ma.fields.Nested(IndexedStageSchema))
