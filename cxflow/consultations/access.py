"""Who sees a consultation: it concerns its main region and its other regions (the one rule of
cxflow.core.access, applied to an entry of several regions)."""

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from cxflow.consultations.models import Consultation, consultation_regions
from cxflow.core.access import User, visible_region_ids
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


def load_consultation_or_404(consultation_id: int, user: User) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not can_see_consultation(user, consultation):
        raise NotFound()
    return consultation
