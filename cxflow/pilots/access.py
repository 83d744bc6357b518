"""The loaders of the pilots domain: a pilot or one of its documents, in the caller's regions
or 404."""

from flask_login import current_user

from cxflow.core import access
from cxflow.pilots.models import Deliverable, Pilot


def load_pilot_or_404(pilot_id: int, user=None, permission: str | None = None) -> Pilot:
    """The pilot if `user` (the signed-in user by default) may see its region, else 404; and,
    when named, `permission` held there, else 403."""
    return access.get_or_404(Pilot, pilot_id, user or current_user, permission)


def load_deliverable_or_404(
    deliverable_id: int, user=None, permission: str | None = None
) -> Deliverable:
    """A pilot's document, by the same rule as its pilot."""
    return access.get_or_404(Deliverable, deliverable_id, user or current_user, permission)
