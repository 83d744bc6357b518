"""Sign-in required app-wide: every page needs a signed-in user and every /api/v1 endpoint a
bearer token, unless its view is marked `@public` (cxflow.core.routing)."""

from flask import Flask, current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from cxflow.auth.services import user_for_token
from cxflow.core.error_pages import error_json
from cxflow.core.routing import is_public


def is_public_endpoint(app: Flask, endpoint: str | None) -> bool:
    """May `endpoint` of `app` be opened without signing in (pages) or a token (API)?"""
    if endpoint is None:  # no route: the 404 handler answers
        return True
    if endpoint == "static" or endpoint.startswith("api-docs."):
        return True
    return is_public(app.view_functions.get(endpoint))


def _public_endpoint() -> bool:
    return is_public_endpoint(current_app, request.endpoint)


def require_sign_in():
    if request.path.startswith("/api/") or _public_endpoint() or current_user.is_authenticated:
        return None
    return current_app.login_manager.unauthorized()


def authenticate_api_request():
    if not request.path.startswith("/api/") or _public_endpoint():
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorized("missing_token", _l("Send the header Authorization: Bearer <token>."))
    user, reason = user_for_token(token.strip())
    if user is None:
        message = {
            "token_expired": _l("The token has expired: request a new one."),
            "invalid_token": _l("The token is not valid."),
        }[reason]
        return _unauthorized(reason, message)
    g.api_user = user
    return None


def _unauthorized(code: str, message):
    response, status = error_json(401, message, code=code)
    response.headers["WWW-Authenticate"] = 'Bearer realm="cxflow"'
    return response, status


def init_app(app: Flask) -> None:
    app.before_request(require_sign_in)
    app.before_request(authenticate_api_request)
