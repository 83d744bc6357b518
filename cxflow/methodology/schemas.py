"""API schemas of the methodology versions."""

import marshmallow as ma

from cxflow.core.api import Timestamp
from cxflow.methodology import services


class MethodologyVersionSchema(ma.Schema):
    kind = ma.fields.String(metadata={"description": "roadmaps | maturity | index"})
    key = ma.fields.String()
    version = ma.fields.Integer()
    title = ma.fields.String()
    published_at = Timestamp(attribute="loaded_at")  # with its UTC offset (SQLite: naive)
    in_force = ma.fields.Function(services.is_current)


class MethodologyVersionList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MethodologyVersionSchema))
    total = ma.fields.Integer()
