"""Loaders of the index domain: each returns the object in the user's scope or 404."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.index.models.index import (
    Annulment,
    Checklist,
    ChecklistItem,
    IndexPeriod,
    VerificationSample,
)
from cxflow.index.models.surveys import SurveyFlag
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User


def office_by_token(token: str) -> Office:
    """The office whose current survey link this is (no login); a rotated or unknown token
    is 404, so an old poster reveals nothing."""
    stmt = sa.select(Office).where(Office.survey_token == token)
    office = db.session.scalar(stmt.options(joinedload(Office.region)))  # intake reads its zone
    if office is None:
        raise NotFound()
    return office


def load_office_or_404(office_id: int, user: User, permission: str = "surveys.view") -> Office:
    return access.get_or_404(Office, office_id, user, permission)


def load_region_or_404(region_id: int, user: User, permission: str = "surveys.view") -> Region:
    """The region if `user` may see it (else 404) and holds `permission` there (else 403)."""
    region = row_or_none(Region, region_id)
    if region is None or not access.can_see_region(user, region.id):
        raise NotFound()
    access.require(user, permission, region.id)
    return region


def load_flag_or_404(flag_id: int, user: User, permission: str = "surveys.review") -> SurveyFlag:
    return access.get_or_404(SurveyFlag, flag_id, user, permission)


def load_period_or_404(period_id: int, user: User, permission: str = "index.view") -> IndexPeriod:
    return access.get_or_404(IndexPeriod, period_id, user, permission)


def load_checklist_or_404(
    checklist_id: int, user: User, permission: str = "index.view"
) -> Checklist:
    return access.get_or_404(Checklist, checklist_id, user, permission)


def load_checklist_item_or_404(
    item_id: int, user: User, permission: str = "index.view"
) -> ChecklistItem:
    return access.get_or_404(ChecklistItem, item_id, user, permission)


def load_sample_or_404(
    sample_id: int, user: User, permission: str = "index.verify"
) -> VerificationSample:
    return access.get_or_404(VerificationSample, sample_id, user, permission)


def load_annulment_or_404(
    annulment_id: int, user: User, permission: str = "index.verify"
) -> Annulment:
    return access.get_or_404(Annulment, annulment_id, user, permission)
