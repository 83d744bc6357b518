"""POST /api/v1/auth/token and friends."""

from flask import request
from flask_babel import lazy_gettext as _l

from cxflow.auth import services
from cxflow.auth.schemas import (
    Credentials,
    TokenSchema,
)
from cxflow.auth.throttle import login_rate_limit
from cxflow.core.api import Blueprint, api_user
from cxflow.core.error_pages import error_json
from cxflow.core.extensions import db
from cxflow.core.routing import public
from cxflow.users.schemas import UserSchema

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth", description="API tokens")


@blp.route("/token", methods=["POST"])
@blp.doc(security=[])
@blp.arguments(Credentials)
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="Wrong e-mail or password")
@login_rate_limit
@public
def issue_token(credentials):
    user = services.authenticate(credentials["email"], credentials["password"])
    if user is None:
        return error_json(401, _l("Wrong e-mail or password."), code="invalid_credentials")
    token, expires_at = services.issue_token(user)
    db.session.commit()
    return {"token": token, "expires_at": expires_at}


@blp.route("/token", methods=["DELETE"])
@blp.response(204)
def revoke_token():
    """Revoke the token that authenticates this request."""
    services.revoke_token(request.headers["Authorization"].partition(" ")[2].strip())
    db.session.commit()


@blp.route("/me")
@blp.response(200, UserSchema)
def me():
    return api_user()
