"""The loader of the calendar domain: an override of the production calendar, for who may
manage the calendar."""

from flask_login import current_user

from cxflow.calendar.models import CalendarOverride
from cxflow.core import access
from cxflow.core.extensions import db


def load_override_or_404(
    override_id: int, user=None, permission: str | None = "calendar.manage"
) -> CalendarOverride:
    """The override `override_id`, else 404. `permission` (managing the calendar, by default)
    is checked first, for `user` (the signed-in user by default), else 403."""
    if permission is not None:
        access.require(user or current_user, permission)
    return db.get_or_404(CalendarOverride, override_id)
