"""Length limits of stored text, checked once for every write (issue #18, defect 13): a
`String(n)` column holds at most n characters, a `Text` column at most MAX_TEXT, unless the
column is marked `info={"unlimited": True}` (text the app writes itself, never a client).
A longer value is refused before the flush as a ValidationError naming the attribute, so a
page shows the message at its field (cxflow.core.views.handle_form), the API answers 422 with
`error.fields` (cxflow.core.error_pages), and nothing is half-saved: the caller rolls back.
Forms and schemas may say the same earlier; this is the rule that always holds (PostgreSQL
would answer a `String(n)` overflow with a DataError, SQLite would store it)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import InstanceState, Mapper, Session

from cxflow.core.errors import ValidationError

MAX_TEXT = 20_000


def limit_of(column: sa.Column) -> int | None:
    """The most characters `column` holds, or None (not text, or unlimited)."""
    if not isinstance(column.type, sa.String) or column.info.get("unlimited"):
        return None
    return column.type.length or MAX_TEXT


def unlimited(*attributes) -> None:
    """Mark columns the app fills itself (e-mail bodies, search indexes) as unlimited."""
    for attribute in attributes:
        attribute.property.columns[0].info["unlimited"] = True


def _changed_keys(state: InstanceState, mapper: Mapper):
    """The column attributes to check: all of a new object, the modified ones of another."""
    if state.key is None:
        return [attr.key for attr in mapper.column_attrs]
    return [key for key in state.committed_state if key in mapper.column_attrs]


def overlong_fields(objects) -> dict:
    """{attribute: message} for every text value of `objects` longer than its column."""
    errors: dict = {}
    for obj in objects:
        state = sa.inspect(obj)
        for key in _changed_keys(state, state.mapper):
            limit = limit_of(state.mapper.column_attrs[key].columns[0])
            value = state.dict.get(key)
            if limit is not None and isinstance(value, str) and len(value) > limit:
                # named in the message too: a one-button form shows it as a flash
                errors.setdefault(
                    key, _l("%(field)s: at most %(n)s characters.", field=key, n=limit)
                )
    return errors


def _check_before_flush(session: Session, _context, _instances) -> None:
    errors = overlong_fields([*session.new, *session.dirty])
    if errors:
        raise ValidationError(errors)


def init_app(_app=None) -> None:
    """Check every session's writes (registered once, however many apps are made)."""
    if not event.contains(Session, "before_flush", _check_before_flush):
        event.listen(Session, "before_flush", _check_before_flush)
