"""Who may see and do what: region scoping and role permissions, decided here only.

Every query of region-owned data goes through `scoped()` or `get_or_404()`; an object of
another region is reported as missing (404), never as forbidden, so its existence is not revealed.
"""

from typing import TypeVar

import sqlalchemy as sa
from werkzeug.exceptions import Forbidden, NotFound

from cxflow.core.db import RegionScopedMixin
from cxflow.extensions import db
from cxflow.users.models import FEDERAL_ROLES, Role, User

M = TypeVar("M", bound=RegionScopedMixin)

A, FC, RC, WG, MG = (
    Role.admin,
    Role.federal_consultant,
    Role.regional_coordinator,
    Role.working_group_member,
    Role.manager,
)

# permission -> roles that hold it. A regional role holds it only inside its own region.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "regions.manage": frozenset({A}),
    "offices.view": frozenset({A, FC, RC, WG, MG}),
    "offices.manage": frozenset({A, RC}),
    "users.manage": frozenset({A}),
    "calendar.manage": frozenset({A}),
    "pilots.view": frozenset({A, FC, RC, WG, MG}),
    "pilots.manage": frozenset({A, RC}),
    "roadmaps.edit": frozenset({A, RC}),
    "roadmaps.approve": frozenset({A, RC}),
    "activities.progress": frozenset({A, RC, WG}),
    "deliverables.add": frozenset({A, RC, WG}),
    "notifications.admin": frozenset({A}),
    # The CX cycle: the coordinator (or a federal consultant) moves it, members fill data.
    "cycle.move": frozenset({A, FC, RC}),
    "cycle.edit": frozenset({A, RC, WG}),
    "working_group.manage": frozenset({A, RC}),
    "catalogue.manage": frozenset({A}),
    # Solution maps are filled like the rest of the cycle (cycle.edit); publishing a region's
    # solution to every region's knowledge bank is the coordinator's call.
    "solutions.publish": frozenset({A, RC}),
    "consultations.view": frozenset({A, FC, RC, WG, MG}),
    "consultations.ask": frozenset({A, RC, WG, MG}),
    "consultations.answer": frozenset({A, FC}),
    "consultations.record": frozenset({A, FC}),
}


def visible_region_ids(user: User) -> frozenset[int] | None:
    """The regions whose objects `user` may see; None means every region."""
    if user.role in FEDERAL_ROLES:
        return None
    return frozenset({user.region_id}) if user.region_id else frozenset()


def can_see_region(user: User, region_id: int | None) -> bool:
    regions = visible_region_ids(user)
    return regions is None or region_id in regions


def can(user: User | None, permission: str, region_id: int | None = None) -> bool:
    """Does `user` hold `permission` (in `region_id`, when the action concerns one region)?"""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role not in PERMISSIONS[permission]:
        return False
    return region_id is None or can_see_region(user, region_id)


def require(user: User | None, permission: str, region_id: int | None = None) -> None:
    if not can(user, permission, region_id):
        raise Forbidden()


def scoped(stmt: sa.Select, model: type[M], user: User) -> sa.Select:
    """Restrict a SELECT of a region-owned model to what `user` may see."""
    regions = visible_region_ids(user)
    if regions is None:
        return stmt
    return stmt.where(model.region_id.in_(regions))


def get_or_404(model: type[M], object_id: int, user: User, permission: str | None = None) -> M:
    """The object if `user` may see its region (else 404) and, when named, holds
    `permission` there (else 403)."""
    obj = db.session.get(model, object_id)
    if obj is None or not can_see_region(user, obj.region_id):
        raise NotFound()
    if permission is not None:
        require(user, permission, obj.region_id)
    return obj


# --- consultations: an entry concerns its main region and its other regions -------------------


def consultation_concerns(regions) -> sa.ColumnElement:
    """A consultation whose main region or one of its other regions is among `regions`."""
    from cxflow.consultations.models import Consultation, consultation_regions

    others = sa.select(consultation_regions.c.consultation_id).where(
        consultation_regions.c.region_id.in_(regions)
    )
    return sa.or_(Consultation.region_id.in_(regions), Consultation.id.in_(others))


def scoped_consultations(stmt: sa.Select, user: User) -> sa.Select:
    """Consultations `user` may see: of the user's region as the main or one of the other
    regions; federal roles see all."""
    regions = visible_region_ids(user)
    return stmt if regions is None else stmt.where(consultation_concerns(regions))


def can_see_consultation(user: User, consultation) -> bool:
    regions = visible_region_ids(user)
    if regions is None or consultation.region_id in regions:
        return True
    return any(r.id in regions for r in consultation.other_regions)


def get_consultation_or_404(consultation_id: int, user: User):
    from cxflow.consultations.models import Consultation

    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not can_see_consultation(user, consultation):
        raise NotFound()
    return consultation


# --- knowledge bank: a region's solutions, and what any region published -----------------------


def scoped_bank(stmt: sa.Select, user: User) -> sa.Select:
    """Solutions `user` may see in the knowledge bank: of the user's regions, or published by
    their region for every region (issue #5); federal roles see all."""
    from cxflow.solutions.models import Solution

    regions = visible_region_ids(user)
    if regions is None:
        return stmt
    return stmt.where(sa.or_(Solution.region_id.in_(regions), Solution.published.is_(True)))
