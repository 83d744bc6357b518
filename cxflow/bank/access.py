"""What the knowledge bank shows: a region's own solutions, and what any region published (the
rule of cxflow.core.access, widened on purpose for reuse across regions)."""

import sqlalchemy as sa

from cxflow.core.access import User, visible_region_ids
from cxflow.solutions.models import Solution


def scoped_bank(stmt: sa.Select, user: User) -> sa.Select:
    """Solutions `user` may see in the knowledge bank: of the user's regions, or published by
    their region for every region (issue #5); federal roles see all."""
    regions = visible_region_ids(user)
    if regions is None:
        return stmt
    return stmt.where(sa.or_(Solution.region_id.in_(regions), Solution.published.is_(True)))
