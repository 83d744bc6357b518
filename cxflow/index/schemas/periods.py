"""The JSON shapes of a region's index periods, chosen and suspended indicators (API.md
"Customer-centricity index")."""

import marshmallow as ma

from cxflow.core.api import Id, Timestamp

DATES = {"description": "The period's first and last day; the last may not be before the first"}


class IndexPeriodDates(ma.Schema):
    period_start = ma.fields.Date(required=True, metadata=DATES)
    period_end = ma.fields.Date(required=True, metadata=DATES)


class IndicatorChoiceBody(IndexPeriodDates):
    keys = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={
            "description": "The objective indicators the region chose for the period (replaces "
            "the earlier choice); the period is opened if new"
        },
    )
    version = Id(
        load_default=None,
        metadata={"description": "The period's version as read: a stale one is a 409"},
    )


class IndicatorSuspendBody(ma.Schema):
    indicator_key = ma.fields.String(load_default="")
    reason = ma.fields.String(load_default="")


class RegionSuspendBody(IndexPeriodDates, IndicatorSuspendBody):
    region_code = ma.fields.String(
        load_default=None,
        metadata={
            "description": "One region (its period is opened if new); absent: every region "
            "you may plan for that has a period with exactly these dates"
        },
    )


class IndicatorSuspensionSchema(ma.Schema):
    indicator_key = ma.fields.String()
    reason = ma.fields.String()
    created_at = Timestamp()
    created_by = ma.fields.Function(
        lambda s: s.created_by.full_name if s.created_by else None, allow_none=True
    )


class RegionSuspensionSchema(IndicatorSuspensionSchema):
    period_id = ma.fields.Integer()
    region_code = ma.fields.Function(lambda s: s.period.region.code)


class RegionSuspensionList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(RegionSuspensionSchema))
    total = ma.fields.Integer()


class PeriodRefSchema(ma.Schema):
    """A period as other answers name it (an index, a board row, a journey stage's values)."""

    id = ma.fields.Integer(
        allow_none=True, metadata={"description": "null: no index period has these dates"}
    )
    start = ma.fields.Date(data_key="from")
    end = ma.fields.Date(data_key="to")
    methodology_key = ma.fields.String()
    methodology_version = ma.fields.Integer()


class IndexPeriodSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True)
    period_id = ma.fields.Function(
        lambda p: p.id,
        allow_none=True,
        metadata={"description": "null: no period with these dates was opened"},
    )
    region_id = ma.fields.Integer()
    period_start = ma.fields.Date(attribute="start")
    period_end = ma.fields.Date(attribute="end")
    methodology_key = ma.fields.String()
    methodology_version = ma.fields.Integer(
        metadata={"description": "The version in force when the period was opened; kept"}
    )
    keys = ma.fields.Function(
        lambda p: [s.indicator_key for s in p.selections],
        metadata={"description": "The chosen objective indicators"},
    )
    suspended = ma.fields.List(
        ma.fields.Nested(IndicatorSuspensionSchema),
        attribute="suspensions",
        metadata={"description": "Indicators left out of the period's index, with the reason"},
    )
    version = ma.fields.Integer(allow_none=True)


class IndexPeriodList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(IndexPeriodSchema))
    total = ma.fields.Integer()
