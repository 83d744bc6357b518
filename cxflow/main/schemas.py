"""The JSON shapes of the main API."""

import marshmallow as ma


class HealthSchema(ma.Schema):
    status = ma.fields.String()
    database = ma.fields.String()
    broker = ma.fields.String(metadata={"description": "ok, eager (no Redis) or error"})
