"""The JSON API under /api/v1: token auth, the OpenAPI document, every domain's endpoints."""

from flask import Flask, current_app, g, request
from flask_babel import lazy_gettext as _l

from cxflow.api.base import Api
from cxflow.errors import error_json
from cxflow.extensions import csrf

api = Api()


def authenticate_api_request():
    """Every /api/v1 endpoint needs a bearer token unless its view is marked @public."""
    if not request.path.startswith("/api/") or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "_cxflow_public", False) or request.endpoint.startswith("api-docs."):
        return None
    from cxflow.auth.services import user_for_token

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


def register_api(app: Flask) -> None:
    from cxflow.auth.api import blp as auth_blp
    from cxflow.calendar.api import blp as calendar_blp
    from cxflow.catalogue.api import blp as catalogue_blp
    from cxflow.clients.api import blp as clients_blp
    from cxflow.consultations.api import blp as consultations_blp
    from cxflow.cycle.api import blp as cycle_blp
    from cxflow.journeys.api import blp as journeys_blp
    from cxflow.main.api import blp as health_blp
    from cxflow.notifications.api import blp as notifications_blp
    from cxflow.orgs.api import blp as orgs_blp
    from cxflow.roadmaps.api import blp as roadmaps_blp
    from cxflow.roadmaps.feed_views import blp as feeds_blp
    from cxflow.roadmaps.spreadsheet_views import blp as roadmap_files_blp
    from cxflow.solutions.api import blp as solutions_blp
    from cxflow.solutions.bank_api import blp as bank_blp
    from cxflow.solutions.dashboard_api import blp as quick_wins_blp
    from cxflow.solutions.spreadsheet_views import blp as solution_files_blp
    from cxflow.users.api import blp as users_blp
    from cxflow.working_groups.api import blp as working_groups_blp

    api.init_app(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearer": []}]
    for blp in (
        health_blp,
        auth_blp,
        orgs_blp,
        users_blp,
        calendar_blp,
        roadmaps_blp,
        feeds_blp,
        roadmap_files_blp,
        cycle_blp,
        working_groups_blp,
        clients_blp,
        journeys_blp,
        solutions_blp,
        solution_files_blp,
        quick_wins_blp,
        bank_blp,
        catalogue_blp,
        consultations_blp,
        notifications_blp,
    ):
        api.register_blueprint(blp)
        csrf.exempt(blp)
    app.before_request(authenticate_api_request)
