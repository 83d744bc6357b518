"""/api/v1/users: accounts (admin)."""

import marshmallow as ma

from cxflow.core.api import Blueprint, Id, PageArgs, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.users import services
from cxflow.users.models import Role

blp = Blueprint("users_api", __name__, url_prefix="/api/v1/users", description="User accounts")

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


@blp.route("")
@blp.arguments(UserFilter, location="query")
@blp.response(200, list_schema(UserSchema))
def list_users(args):
    stmt = services.list_users(api_user(), args.get("role"), args.get("region_id"))
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("", methods=["POST"])
@blp.arguments(UserCreate)
@blp.response(201, UserSchema)
def create_user(data):
    user = services.create_user(api_user(), **data)
    db.session.commit()
    return user


@blp.route("/<int:user_id>")
@blp.response(200, UserSchema)
def get_user(user_id):
    return services.get_user(api_user(), user_id)


@blp.route("/<int:user_id>", methods=["PATCH"])
@blp.arguments(UserPatch)
@blp.response(200, UserSchema)
def update_user(data, user_id):
    user = services.get_user(api_user(), user_id)
    version = data.pop("version")
    services.update_user(api_user(), user, data, version)
    db.session.commit()
    return user
