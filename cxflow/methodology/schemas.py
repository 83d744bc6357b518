"""API schemas of the methodology versions."""

import datetime as dt

import marshmallow as ma

from cxflow.methodology import services


class MethodologyVersionSchema(ma.Schema):
    kind = ma.fields.String(metadata={"description": "roadmaps | maturity | index"})
    key = ma.fields.String()
    version = ma.fields.Integer()
    title = ma.fields.String()
    # SQLite hands the stored UTC time back without its zone
    published_at = ma.fields.AwareDateTime(attribute="loaded_at", default_timezone=dt.UTC)
    in_force = ma.fields.Function(services.is_current)


class MethodologyVersionList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MethodologyVersionSchema))
    total = ma.fields.Integer()
