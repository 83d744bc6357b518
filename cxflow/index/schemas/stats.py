"""The JSON shapes of the survey statistics (API.md "Customer-centricity index")."""

import marshmallow as ma

from cxflow.index.services.stats import DEFAULT_DAYS, MAX_DAYS


class SurveyPeriodArgs(ma.Schema):
    start = ma.fields.Date(
        data_key="from",
        load_default=None,
        metadata={"description": f"First day; default {DEFAULT_DAYS - 1} days before `to`"},
    )
    end = ma.fields.Date(
        data_key="to",
        load_default=None,
        metadata={
            "description": "Last day (the region's date); default today. At most "
            f"{MAX_DAYS} days from `from`; reversed or longer: 422 naming `from` and `to`"
        },
    )


class SurveyCountsSchema(ma.Schema):
    seeker = ma.fields.Integer()
    employer = ma.fields.Integer()


class SurveyDaySchema(SurveyCountsSchema):
    date = ma.fields.Date()


class SurveyPeriodSchema(ma.Schema):
    start = ma.fields.Date(data_key="from")
    end = ma.fields.Date(data_key="to")


class OfficeSurveyStatsSchema(ma.Schema):
    office_id = ma.fields.Function(lambda s: s.office.id)
    period = ma.fields.Nested(SurveyPeriodSchema)
    by_day = ma.fields.List(
        ma.fields.Nested(SurveyDaySchema),
        metadata={"description": "Every day of the period, zeros included"},
    )
    total = ma.fields.Nested(SurveyCountsSchema)
    flagged_pending = ma.fields.Integer(
        metadata={"description": "Answers of the period flagged and waiting for review"}
    )
    minimum = ma.fields.Integer(
        metadata={"description": "cxflow's minimum number of answers (not the seed's)"}
    )


class OfficeSurveyRowSchema(ma.Schema):
    office_id = ma.fields.Integer()
    office_name = ma.fields.String()
    total = ma.fields.Nested(SurveyCountsSchema)
    flagged_pending = ma.fields.Integer()
    below_minimum = ma.fields.Boolean()


class RegionSurveyStatsSchema(ma.Schema):
    region_id = ma.fields.Integer()
    period = ma.fields.Nested(SurveyPeriodSchema)
    minimum = ma.fields.Integer()
    items = ma.fields.List(
        ma.fields.Nested(OfficeSurveyRowSchema), metadata={"description": "By name"}
    )
    total = ma.fields.Integer(metadata={"description": "The number of offices"})
