"""Pieces every API module uses: the Api class, token auth, pagination of lists."""

import datetime as dt

import flask_smorest
import marshmallow as ma
import sqlalchemy as sa
from flask import g
from webargs import core as webargs_core
from webargs.flaskparser import FlaskParser, is_json_request

from cxflow.core.error_pages import http_error_response
from cxflow.core.extensions import db
from cxflow.core.paging import MAX_PAGE
from cxflow.core.routing import MAX_ID


class ErrorBody(ma.Schema):
    code = ma.fields.String(metadata={"example": "validation_error"})
    message = ma.fields.String()
    fields = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Messages per invalid field"},
    )
    current_version = ma.fields.Integer(metadata={"description": "On a stale version (409)"})
    current_stage = ma.fields.String(
        metadata={"description": "On a cycle transition from a stage no longer current (409)"}
    )
    allowed_events = ma.fields.List(ma.fields.String())
    blockers = ma.fields.List(ma.fields.String())


class ErrorSchema(ma.Schema):
    """API.md: every error has this shape."""

    error = ma.fields.Nested(ErrorBody)


class Api(flask_smorest.Api):
    """smorest registers its HTTPException handler app-wide: pages keep HTML errors."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        return http_error_response(error)


class Parser(FlaskParser):
    """Reads JSON bodies with the request's own JSON reader, so they pass the one cleaning
    layer (cxflow.core.inputs) like forms and query arguments."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return webargs_core.missing
        return req.json_module.loads(req.get_data(cache=True))


class Blueprint(flask_smorest.Blueprint):
    """Every /api/v1 blueprint: flask-smorest's, reading arguments with `Parser`."""

    ARGUMENTS_PARSER = Parser()


def api_user():
    """The user whose bearer token authenticated this API request."""
    return g.api_user


class Id(ma.fields.Integer):
    """A row id or version in a request: a positive 32-bit integer."""

    def __init__(self, **kwargs):
        super().__init__(validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        # 1.5 would become 1 (query strings such as "52" stay welcome)
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=200))


def paginated(stmt: sa.Select, page: int, per_page: int) -> dict:
    """API.md list shape: one page of `items` and the `total` over all pages."""
    count = sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    items = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": items, "total": db.session.scalar(count)}


def list_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    name = item_schema.__name__.removesuffix("Schema") + "List"
    fields = {"items": ma.fields.List(ma.fields.Nested(item_schema)), "total": ma.fields.Integer()}
    return type(name, (ma.Schema,), fields)


class Timestamp(ma.fields.DateTime):
    """A stored moment, always sent with its UTC offset: times are stored in UTC, and
    SQLite gives them back naive."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)
