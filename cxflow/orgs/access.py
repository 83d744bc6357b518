"""The loaders of the orgs domain: a region (every signed-in user sees the list of regions) and
an office in the caller's regions, or 404."""

from flask_login import current_user

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.orgs.models import Office, Region


def load_region_or_404(region_id: int, user=None, permission: str | None = None) -> Region:
    """The region, else 404. A region is no secret, so `permission`, when named, is checked
    before the look-up (403)."""
    if permission is not None:
        access.require(user or current_user, permission)
    return db.get_or_404(Region, region_id)


def load_office_or_404(office_id: int, user=None, permission: str | None = None) -> Office:
    """The office if `user` (the signed-in user by default) may see its region, else 404; and,
    when named, `permission` held there, else 403."""
    return access.get_or_404(Office, office_id, user or current_user, permission)
