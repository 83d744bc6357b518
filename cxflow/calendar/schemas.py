"""The JSON shapes of the calendar API."""

import marshmallow as ma

from cxflow.core.api import Id


class AddWorkingDaysArgs(ma.Schema):
    start = ma.fields.Date(required=True)
    days = ma.fields.Integer(required=True)
    region_id = Id(load_default=None)


class DateSchema(ma.Schema):
    date = ma.fields.Date()


class OverrideSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    day = ma.fields.Date(required=True)
    is_working = ma.fields.Boolean(required=True)
    region_id = Id(allow_none=True, load_default=None)
    note = ma.fields.String(load_default="")


class OverrideList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(OverrideSchema))
    total = ma.fields.Integer()


class YearArgs(ma.Schema):
    year = ma.fields.Integer(required=True, validate=ma.validate.Range(min=2000, max=2100))
