"""List pages and list endpoints run a fixed number of queries, however long the list (no N+1)."""

import pytest

from cxflow.extensions import db
from tests import factories


def _grow(world, n):
    for _ in range(n):
        region = factories.RegionFactory()
        factories.OfficeFactory(region=region)
        factories.UserFactory(region=region, role="manager")
    db.session.commit()


@pytest.mark.parametrize(
    ("url", "use_api"),
    [
        ("/offices", False),
        ("/admin/users/", False),
        ("/regions", False),
        ("/", False),
        ("/api/v1/offices?per_page=200", True),
        ("/api/v1/users?per_page=200", True),
    ],
)
def test_query_count_does_not_grow_with_the_list(
    world, client, auth, api, count_queries, url, use_api
):
    if use_api:
        api.as_(world.admin)
        get = api.get
    else:
        auth.login(world.admin)
        get = client.get
    _grow(world, 2)
    with count_queries() as small:
        assert get(url).status_code == 200
    _grow(world, 30)
    with count_queries() as large:
        assert get(url).status_code == 200
    assert large["n"] == small["n"], (small, large)
