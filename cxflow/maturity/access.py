"""Loaders of the maturity domain, one per noun: a region whose maturity data the caller may
see, a self-assessment and a control in the caller's regions; anything else is a 404."""

from flask_login import current_user
from werkzeug.exceptions import NotFound

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.maturity.models.assessments import MaturityAssessment
from cxflow.maturity.models.controls import MaturityControl
from cxflow.orgs.models import Region


def load_region_or_404(region_id: int, user=None, permission: str | None = None) -> Region:
    """The region if `user` (the signed-in user by default) may see its maturity data (its own
    region; every region for federal roles), else 404; and, when named, `permission` held
    there, else 403."""
    user = user or current_user
    region = db.session.get(Region, region_id)
    if region is None or not access.can_see_region(user, region.id):
        raise NotFound()
    if permission is not None:
        access.require(user, permission, region.id)
    return region


def load_assessment_or_404(
    assessment_id: int, user=None, permission: str | None = None
) -> MaturityAssessment:
    """The self-assessment if `user` may see its region, else 404; and, when named,
    `permission` held there, else 403."""
    return access.get_or_404(MaturityAssessment, assessment_id, user or current_user, permission)


def load_control_or_404(
    control_id: int, user=None, permission: str | None = None
) -> MaturityControl:
    """A control of the level matrix if `user` may see its region, else 404."""
    return access.get_or_404(MaturityControl, control_id, user or current_user, permission)
