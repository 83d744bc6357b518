"""Who sees a consultation: it concerns its main region and its other regions (the one rule of
cxflow.core.access, applied to an entry of several regions)."""

import sqlalchemy as sa
from flask_login import current_user
from werkzeug.exceptions import NotFound

from cxflow.consultations.models import Consultation, ConsultationAttachment, consultation_regions
from cxflow.core.access import User, require, visible_region_ids
from cxflow.core.extensions import db


def consultation_concerns(regions) -> sa.ColumnElement:
    """A consultation whose main region or one of its other regions is among `regions`."""
    others = sa.select(consultation_regions.c.consultation_id).where(
        consultation_regions.c.region_id.in_(regions)
    )
    return sa.or_(Consultation.region_id.in_(regions), Consultation.id.in_(others))


def scoped_consultations(stmt: sa.Select, user: User) -> sa.Select:
    """Consultations `user` may see: of the user's region as the main or one of the other
    regions; federal roles see all."""
    regions = visible_region_ids(user)
    return stmt if regions is None else stmt.where(consultation_concerns(regions))


def can_see_consultation(user: User, consultation: Consultation) -> bool:
    regions = visible_region_ids(user)
    if regions is None or consultation.region_id in regions:
        return True
    return any(r.id in regions for r in consultation.other_regions)


def load_consultation_or_404(
    consultation_id: int, user: User | None = None, permission: str | None = None
) -> Consultation:
    """The consultation if `user` (the signed-in user by default) may see it, else 404; and,
    when named, `permission` held, else 403 (by the user's role: an entry concerns several
    regions, any of which may be the user's)."""
    user = user or current_user
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not can_see_consultation(user, consultation):
        raise NotFound()
    if permission is not None:
        require(user, permission)
    return consultation


def load_attachment_or_404(
    attachment_id: int, user: User | None = None, permission: str | None = None
) -> ConsultationAttachment:
    """An attachment, by the rule of its consultation."""
    attachment = db.session.get(ConsultationAttachment, attachment_id)
    if attachment is None:
        raise NotFound()
    load_consultation_or_404(attachment.consultation_id, user, permission)
    return attachment
