"""Who may see and do what: the roles, region scoping and permissions, decided here only.

Every query of region-owned data goes through `scoped()` or `get_or_404()`; an object of
another region is reported as missing (404), never as forbidden, so its existence is not revealed.
Every region-owned model declares its path to its region as a `region_id` column
(`RegionScopedMixin`); a domain whose objects concern several regions (consultations) or are
shared on purpose (the knowledge bank) builds its rule from `visible_region_ids()`.
"""

import enum
from typing import Protocol, TypeVar

import sqlalchemy as sa
from werkzeug.exceptions import Forbidden, NotFound

from cxflow.core.db import RegionScopedMixin
from cxflow.core.routing import row_or_none

M = TypeVar("M", bound=RegionScopedMixin)


class Role(enum.StrEnum):
    """DESIGN.md "Who uses it"."""

    admin = "admin"
    federal_consultant = "federal_consultant"
    regional_coordinator = "regional_coordinator"
    working_group_member = "working_group_member"
    manager = "manager"


# Federal roles see every region; the others belong to exactly one.
FEDERAL_ROLES = frozenset({Role.admin, Role.federal_consultant})


class User(Protocol):
    """What the policy reads of a user (cxflow.users.models.User)."""

    role: Role
    region_id: int | None
    is_authenticated: bool
    is_active: bool


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
    "methodology.view": frozenset({A, FC}),
    # Solution maps are filled like the rest of the cycle (cycle.edit); publishing a region's
    # solution to every region's knowledge bank is the coordinator's call.
    "solutions.publish": frozenset({A, RC}),
    "consultations.view": frozenset({A, FC, RC, WG, MG}),
    "consultations.ask": frozenset({A, RC, WG, MG}),
    "consultations.answer": frozenset({A, FC}),
    "consultations.record": frozenset({A, FC}),
    # Maturity (seed 004): the region assesses itself and runs its controls; a federal
    # consultant calibrates an assessment; competence events are recorded by either side.
    "maturity.view": frozenset({A, FC, RC, WG, MG}),
    "maturity.assess": frozenset({A, RC}),
    "maturity.calibrate": frozenset({A, FC}),
    "maturity.controls": frozenset({A, RC}),
    "maturity.events": frozenset({A, FC, RC}),
    # Office surveys (seed 002): counts, links and posters for the office's region and
    # federal roles; flagged answers are reviewed by the region's coordinator or the centre.
    "surveys.view": frozenset({A, FC, RC, WG, MG}),
    "surveys.review": frozenset({A, FC, RC}),
    # The index (seed 002): staff fill checklists; the region chooses its indicators with the
    # centre; only the centre verifies and annuls (L101–105).
    "index.view": frozenset({A, FC, RC, WG, MG}),
    "index.fill": frozenset({A, RC, WG}),
    "index.plan": frozenset({A, FC, RC}),
    "index.verify": frozenset({A, FC}),
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
    `permission` there (else 403). An id no row can have (out of range, from a form or a
    query argument) is a 404 too, never a database overflow."""
    obj = row_or_none(model, object_id)
    if obj is None or not can_see_region(user, obj.region_id):
        raise NotFound()
    if permission is not None:
        require(user, permission, obj.region_id)
    return obj
