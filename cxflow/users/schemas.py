"""The JSON shapes of the users API."""

import marshmallow as ma

from cxflow.core.api import Id, PageArgs
from cxflow.users.models import Role

ROLES = ma.validate.OneOf([r.value for r in Role])


class UserSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    email = ma.fields.String()
    full_name = ma.fields.String()
    role = ma.fields.String(validate=ROLES)
    region_id = Id(allow_none=True)
    region_code = ma.fields.Function(lambda u: u.region.code if u.region else None, dump_only=True)
    active = ma.fields.Boolean()
    version = ma.fields.Integer(dump_only=True)


class UserCreate(ma.Schema):
    email = ma.fields.String(required=True)
    full_name = ma.fields.String(required=True)
    role = ma.fields.String(required=True, validate=ROLES)
    region_id = Id(allow_none=True, load_default=None)
    password = ma.fields.String(required=True, load_only=True)


class UserPatch(ma.Schema):
    full_name = ma.fields.String()
    role = ma.fields.String(validate=ROLES)
    region_id = Id(allow_none=True)
    active = ma.fields.Boolean()
    version = Id(required=True)


class UserFilter(PageArgs):
    role = ma.fields.String(validate=ROLES)
    region_id = Id()
