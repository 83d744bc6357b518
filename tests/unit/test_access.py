"""Role × region rules of cxflow.core.access."""

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.orgs.models import Office

REGIONAL = ["regional_coordinator", "working_group_member", "manager"]


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        ("admin", "regions.manage", True),
        ("federal_consultant", "regions.manage", False),
        ("regional_coordinator", "regions.manage", False),
        ("admin", "users.manage", True),
        ("federal_consultant", "users.manage", False),
        ("manager", "users.manage", False),
        ("admin", "calendar.manage", True),
        ("regional_coordinator", "calendar.manage", False),
        ("regional_coordinator", "offices.manage", True),
        ("working_group_member", "offices.manage", False),
        ("manager", "offices.manage", False),
        ("manager", "offices.view", True),
    ],
)
def test_role_permissions(world, role, permission, allowed):
    assert access.can(getattr(world, role), permission) is allowed


@pytest.mark.parametrize("role", REGIONAL)
def test_regional_roles_act_only_in_their_region(world, role):
    user = getattr(world, role)
    assert access.can(user, "offices.view", world.r52.id)
    assert not access.can(user, "offices.view", world.r74.id)


@pytest.mark.parametrize("role", ["admin", "federal_consultant"])
def test_federal_roles_see_every_region(world, role):
    user = getattr(world, role)
    assert access.visible_region_ids(user) is None
    offices = db.session.scalars(access.scoped(sa.select(Office), Office, user)).all()
    assert {o.id for o in offices} == {world.office52.id, world.office74.id}
    assert access.get_or_404(Office, world.office74.id, user) is world.office74


@pytest.mark.parametrize("role", REGIONAL)
def test_scoped_queries_hide_other_regions(world, role):
    user = getattr(world, role)
    offices = db.session.scalars(access.scoped(sa.select(Office), Office, user)).all()
    assert [o.id for o in offices] == [world.office52.id]
    with pytest.raises(NotFound):
        access.get_or_404(Office, world.office74.id, user)


def test_inactive_or_anonymous_users_hold_nothing(world):
    world.admin.active = False
    assert not access.can(world.admin, "regions.manage")
    assert not access.can(None, "offices.view")


def test_regional_user_without_region_sees_nothing(world):
    world.manager.region_id = None
    assert access.visible_region_ids(world.manager) == frozenset()
    assert db.session.scalars(access.scoped(sa.select(Office), Office, world.manager)).all() == []
