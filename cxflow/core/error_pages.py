"""Error responses: the JSON shape of API.md under /api/, HTML pages everywhere else."""

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from cxflow.core.errors import ConflictError, DomainError, invalid_fields_message
from cxflow.core.extensions import db

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}

TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Sign-in required"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    409: _l("The record was changed by someone else"),
    413: _l("The file is too large"),
    422: _l("Some fields are invalid"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is busy"),
}

HINTS = {
    404: _l("The address may be mistyped, or the record may belong to another region."),
    409: _l("Reload the page to see the current version, then repeat your change."),
    429: _l("Wait a minute and try again."),
    500: _l("The error was recorded. Try again in a few minutes."),
    503: _l("Nothing was saved. Try again in a few seconds."),
}

POOL_RETRY_AFTER = 5  # seconds

# Headers of an HTTP error worth passing on (Allow on 405, Retry-After on 429, …).
_KEPT_HEADERS = {"Allow", "Retry-After", "WWW-Authenticate"}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_json(
    status: int, message: str, fields: dict | None = None, code: str | None = None, **extra
):
    body = {
        "code": code or CODES.get(status, "error"),
        "message": str(message),
        "fields": fields or {},
        **extra,
    }
    return jsonify(error=body), status


def _webargs_fields(error: HTTPException) -> dict:
    """smorest puts validation messages per location (json, query, files): merge them."""
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    fields: dict = {}
    for location, value in messages.items():
        if isinstance(value, dict):
            fields.update({k: v if isinstance(v, list) else [v] for k, v in value.items()})
        else:
            fields[location] = value if isinstance(value, list) else [value]
    return fields


def http_error_response(error: HTTPException):
    status = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k in _KEPT_HEADERS}
    if is_api_request():
        fields = _webargs_fields(error)
        message = invalid_fields_message(fields) if status == 422 else _api_message(error, status)
        response, _ = error_json(status, message, fields)
        response.headers.update(headers)
        return response, status
    page = render_template(
        "errors/error.html",
        status=status,
        title=TITLES.get(status, error.name),
        hint=HINTS.get(status),
    )
    return page, status, headers


def _api_message(error: HTTPException, status: int) -> str:
    if status == 429:
        return str(_l("Too many requests: %(limit)s.", limit=error.description))
    return (
        error.description
        if error.description != type(error).description
        else TITLES.get(status, error.name)
    )


def domain_error_response(error: DomainError):
    fields = getattr(error, "fields", None)
    if is_api_request():
        return error_json(error.status, error.message, fields, error.code, **error.extra)
    page = render_template(
        "errors/error.html",
        status=error.status,
        title=TITLES.get(error.status),
        hint=HINTS.get(error.status),
        fields=fields,
    )
    return page, error.status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(error):
        return http_error_response(error)

    @app.errorhandler(DomainError)
    def _domain(error):
        db.session.rollback()
        return domain_error_response(error)

    # A race the services' checks could not see (two saves of one record, or of one unique
    # code, at the same moment): the loser gets a conflict, never a half-saved record.
    @app.errorhandler(StaleDataError)
    @app.errorhandler(IntegrityError)
    def _stale(_error):
        db.session.rollback()
        return domain_error_response(ConflictError())

    # Every database connection busy for longer than DB_POOL_TIMEOUT (cxflow.core.db): the
    # request did not reach the database, so nothing was saved; the client may retry.
    @app.errorhandler(PoolTimeout)
    def _pool_timeout(_error):
        db.session.rollback()
        return http_error_response(ServiceUnavailable(retry_after=POOL_RETRY_AFTER))

    @app.errorhandler(InternalServerError)
    def _server_error(error):
        db.session.rollback()
        return http_error_response(error)
