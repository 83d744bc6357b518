"""The JSON shapes of the auth API."""

import marshmallow as ma

from cxflow.core.api import Timestamp


class Credentials(ma.Schema):
    email = ma.fields.String(required=True)
    password = ma.fields.String(required=True, load_only=True)


class TokenSchema(ma.Schema):
    token = ma.fields.String()
    expires_at = Timestamp()
