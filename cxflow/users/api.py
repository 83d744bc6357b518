"""/api/v1/users: accounts (admin)."""

from cxflow.core.api import Blueprint, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.users import services
from cxflow.users.access import load_user_or_404
from cxflow.users.schemas import (
    UserCreate,
    UserFilter,
    UserPatch,
    UserSchema,
)

blp = Blueprint("users_api", __name__, url_prefix="/api/v1/users", description="User accounts")


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
    return load_user_or_404(user_id, api_user())


@blp.route("/<int:user_id>", methods=["PATCH"])
@blp.arguments(UserPatch)
@blp.response(200, UserSchema)
def update_user(data, user_id):
    user = load_user_or_404(user_id, api_user())
    version = data.pop("version")
    services.update_user(api_user(), user, data, version)
    db.session.commit()
    return user
