"""Routing: who may open a view without signing in, and ids in paths (positive 32-bit integers,
PostgreSQL `integer`)."""

from werkzeug.routing import IntegerConverter

from cxflow.core.extensions import db

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` limited to 1…2³¹−1: a larger number is a 404, not a database overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def is_id(value) -> bool:
    """Could `value`, sent by a client, be a row id? (Larger ids overflow the database.)"""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def row_or_none(model, object_id):
    """The row of `model` with an id a client sent, or None (a bad id finds nothing)."""
    return db.session.get(model, object_id) if is_id(object_id) else None


def public(view):
    """Mark a view that needs no sign-in (pages) or no bearer token (API): the sign-in page,
    the language switch, calendar feeds, health, public survey pages. Every other view
    requires a signed-in user (cxflow.auth.guard)."""
    view._cxflow_public = True
    return view


def is_public(view) -> bool:
    return getattr(view, "_cxflow_public", False)
