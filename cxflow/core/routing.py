"""Routing: who may open a view without signing in, ids in paths (positive 32-bit integers,
PostgreSQL `integer`) and in query arguments, strings in paths, and where a redirect a client
asked for may go."""

import re
from urllib.parse import urlsplit

from flask import abort, request
from werkzeug.routing import IntegerConverter, UnicodeConverter

from cxflow.core.extensions import db
from cxflow.core.inputs import clean

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` limited to 1…2³¹−1: a larger number is a 404, not a database overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class StringConverter(UnicodeConverter):
    """The default `<name>` of a URL rule, cleaned like every other input (cxflow.core.inputs):
    "/feeds/a%00b.ics" looks up "ab" and finds nothing, instead of sending a NUL to the
    database."""

    def to_python(self, value: str) -> str:
        return clean(value)


def is_id(value) -> bool:
    """Could `value`, sent by a client, be a row id? (Larger ids overflow the database.)"""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


_ID_TEXT = re.compile(r"[0-9]{1,10}")


def id_arg(name: str, source=None) -> int | None:
    """An id in the query string (a list's filter, a form's preselected row), or in `source`
    (e.g. `request.values`): missing or empty → None; anything but 1…MAX_ID → 404, as the
    same id in a path."""
    raw = (request.args if source is None else source).get(name, "")
    if raw == "":
        return None
    if not _ID_TEXT.fullmatch(raw) or not is_id(int(raw)):
        abort(404)
    return int(raw)


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


# Browsers drop tabs and newlines anywhere in a URL and read a backslash as "/": "/<tab>/host"
# and "/<backslash>host" are "//host", another site. Every control character is refused with
# them (a Location header cannot hold a newline).
_UNSAFE_IN_TARGET = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_redirect_target(target: str | None, default: str) -> str:
    """`target` (a `next` field, the referrer) when it is a page of this site, else `default`.
    A full URL of this site becomes its path; anything a browser could read as another site
    (`//host`, `https://host`, `/<tab>/host`) or a header could not carry is refused.
    Callers decide the target before they change anything, so a refusal loses no work."""
    if not target or _UNSAFE_IN_TARGET.search(target):
        return default
    if target.startswith(request.host_url):
        target = target[len(request.host_url) - 1 :]
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return default
    return target
