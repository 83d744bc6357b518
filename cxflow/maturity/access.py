"""Loaders of the maturity domain: one per noun; another region's data answers 404."""

from flask_login import current_user
from werkzeug.exceptions import NotFound

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.maturity.models.controls import MaturityControl
from cxflow.orgs.models import Region


def load_region_or_404(region_id: int, user=None, permission: str | None = None) -> Region:
    """The region if `user` (the signed-in user by default) may see it, else 404 (its
    maturity is the region's own data); and, when named, `permission` there, else 403."""
    user = user or current_user
    region = db.session.get(Region, region_id)
    if region is None or not access.can_see_region(user, region.id):
        raise NotFound()
    if permission is not None:
        access.require(user, permission, region.id)
    return region


def load_control_or_404(control_id: int, user=None, permission: str | None = None):
    return access.get_or_404(MaturityControl, control_id, user or current_user, permission)
