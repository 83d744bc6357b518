"""Text as the services store it."""

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value) -> str:
    """Stripped text without NUL characters (PostgreSQL refuses them); not text → ""."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""


def checked_text(errors: dict, name: str, value, limit: int, missing=None) -> str:
    """`clean_text(value)`; records in `errors[name]` that it is missing (when `missing`, the
    message, is given) or longer than `limit`."""
    text = clean_text(value)
    if missing is not None and not text:
        errors[name] = missing
    elif len(text) > limit:
        errors[name] = _l("At most %(n)s characters.", n=limit)
    return text


def like_escaped(text: str) -> str:
    """`text` matched literally inside a LIKE pattern with `escape="\\"` (% and _ are data)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text: str) -> sa.ColumnElement:
    """Case-insensitive: `column` contains `text` literally."""
    return column.ilike(f"%{like_escaped(text)}%", escape="\\")


def without_surrogates(value):
    """JSON may carry lone UTF-16 surrogates ("\\ud800") that no database can store: each
    becomes U+FFFD in every string of a parsed document."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value
