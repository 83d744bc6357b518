"""The JSON shapes of the indicator catalogue (API.md "Customer-centricity index")."""

import marshmallow as ma

from cxflow.core.api import Id


class IndicatorCatalogueArgs(ma.Schema):
    version = Id(
        load_default=None,
        metadata={"description": "A recorded methodology version; default: the one in force"},
    )


class IndicatorParameterSchema(ma.Schema):
    code = ma.fields.String()
    title = ma.fields.String()
    points = ma.fields.Float()
    comfort_level = ma.fields.Integer(
        metadata={"description": "comfort only: 3, 2 or 1 (absent elsewhere)"}
    )
    area = ma.fields.String(metadata={"description": "comfort only: the column of the grid"})
    source = ma.fields.String()

    @ma.post_dump
    def _drop_comfort_fields(self, data, **_kwargs):
        if data.get("comfort_level") is None:
            data.pop("comfort_level", None)
            data.pop("area", None)
        return data


class IndicatorSchema(ma.Schema):
    key = ma.fields.String()
    number = ma.fields.String(metadata={"description": "The catalogue's numbering, e.g. 3.1.2"})
    group = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String(metadata={"description": "subjective | objective | both"})
    max_score = ma.fields.Float(attribute="max")
    level = ma.fields.String(metadata={"description": "office | managing_office"})
    subjective_max = ma.fields.Method("_subjective_max", allow_none=True)
    objective_max = ma.fields.Method("_objective_max", allow_none=True)
    rule = ma.fields.String(
        metadata={
            "description": "per_parameter | yes_no | events | vacancy_dynamics | "
            "comfort_levels; blank for a subjective indicator"
        }
    )
    points = ma.fields.Float(metadata={"description": "Per parameter, unless it says otherwise"})
    level_points = ma.fields.Method("_level_points")
    weight = ma.fields.Float()
    questions = ma.fields.List(ma.fields.String())
    scored = ma.fields.Boolean(
        metadata={"description": "false: the answers are a distribution only (q14)"}
    )
    stages = ma.fields.List(ma.fields.String())
    evidence = ma.fields.String()
    source = ma.fields.String()
    decision = ma.fields.String(
        metadata={"description": "cxflow's decision where the seed is silent (blank: none)"}
    )
    parameters = ma.fields.List(ma.fields.Nested(IndicatorParameterSchema))

    def _subjective_max(self, indicator):
        return indicator.subjective_max if indicator.has_subjective else None

    def _objective_max(self, indicator):
        return indicator.objective_max if indicator.has_objective else None

    def _level_points(self, indicator):
        return {str(level): value for level, value in indicator.level_points.items()}


class IndicatorGroupSchema(ma.Schema):
    key = ma.fields.String()
    number = ma.fields.Integer()
    title = ma.fields.String()


class IndicatorCatalogueSchema(ma.Schema):
    key = ma.fields.String(metadata={"example": "indicators-2022"})
    version = ma.fields.Integer()
    title = ma.fields.String()
    positive_min = ma.fields.Integer()
    positive_max = ma.fields.Integer()
    min_responses = ma.fields.Integer()
    min_responses_decision = ma.fields.String()
    subjective_max_decision = ma.fields.String()
    groups = ma.fields.List(ma.fields.Nested(IndicatorGroupSchema))
    items = ma.fields.List(ma.fields.Nested(IndicatorSchema), attribute="indicators")
    total = ma.fields.Function(lambda m: len(m.indicators))
