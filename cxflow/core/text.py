"""Text as the services store it."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l


def clean_text(value) -> str:
    """Stripped text; not text → "". (NUL characters and lone surrogates never get this far:
    cxflow.core.inputs removes them from every request.)"""
    return value.strip() if isinstance(value, str) else ""


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
