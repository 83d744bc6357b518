"""The one loader of a pilot: in the caller's regions or 404."""

from flask_login import current_user

from cxflow.core import access
from cxflow.pilots.models import Pilot


def load_pilot_or_404(pilot_id: int, user=None, permission: str | None = None) -> Pilot:
    """The pilot if `user` (the signed-in user by default) may see its region, else 404; and,
    when named, `permission` held there, else 403."""
    return access.get_or_404(Pilot, pilot_id, user or current_user, permission)
