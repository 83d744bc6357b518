"""The one cleaning layer for what a client sends: every form field, query argument, JSON value
and string in a URL path (cxflow.core.routing.StringConverter) reaches the views without NUL
characters (PostgreSQL refuses them in text: `psycopg.DataError`, issue #18 defect 1) and
without lone UTF-16 surrogates (valid JSON, "\\ud800", that no database can store; each
becomes U+FFFD). Services may then trust text."""

import re

from flask import Request as FlaskRequest
from flask import json
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value):
    """`value` with NUL removed and lone surrogates replaced, in every string of a parsed
    document (lists and dicts are walked, keys too); anything else as it is."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    return value


class CleanParameters(ImmutableMultiDict):
    """Query arguments and form fields, cleaned once as they are parsed (werkzeug builds
    `args`, `form` and `files` with the request's `parameter_storage_class`; uploaded files
    pass through as they are)."""

    def __init__(self, mapping=None):
        if isinstance(mapping, MultiDict):
            mapping = mapping.items(multi=True)
        elif isinstance(mapping, dict):
            mapping = mapping.items()
        super().__init__([(clean(k), clean(v)) for k, v in mapping or ()])


class _CleanJson:
    """A JSON reader (Flask's app.json) whose documents come out cleaned."""

    def __init__(self, reader):
        self.reader = reader

    def loads(self, data, **kwargs):
        return clean(self.reader.loads(data, **kwargs))

    def dumps(self, obj, **kwargs):
        return self.reader.dumps(obj, **kwargs)


class Request(FlaskRequest):
    """The app's request class (`app.request_class`): `args`, `form`, `values` and every JSON
    reading (`get_json()`, the API's argument parser) give cleaned values."""

    parameter_storage_class = CleanParameters
    _json_reader = json

    @property
    def json_module(self):
        return _CleanJson(self._json_reader)

    @json_module.setter
    def json_module(self, reader) -> None:  # Flask sets the app's JSON provider per request
        self._json_reader = reader
