"""The JSON shapes of the catalogue API."""

import marshmallow as ma


class EntrySchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "public_service | complex | service"})
    key = ma.fields.String(allow_none=True)
    title = ma.fields.String()
    audience = ma.fields.String()
    model_stage = ma.fields.String(
        metadata={"description": "service_as_complex | complex_of_services (seed 000)"}
    )
    mode = ma.fields.String(metadata={"description": "result_and_process | result_only"})
    release = ma.fields.Integer(allow_none=True)
    release_note = ma.fields.String()
    source = ma.fields.String()


class PublicServiceSchema(EntrySchema):
    children = ma.fields.List(ma.fields.Nested(EntrySchema))


class CatalogueSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PublicServiceSchema))
    total = ma.fields.Integer()
