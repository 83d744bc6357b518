"""List pages and list endpoints run a fixed number of queries, however long the list (no N+1)."""

import pytest

from cxflow.core.extensions import db
from tests import factories
from tests.helpers import create_pilot


def _grow(n):
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
    world, client, auth, api, query_counts, url, use_api
):
    if use_api:
        api.as_(world.admin)
        get = api.get
    else:
        auth.login(world.admin)
        get = client.get
    small, large = query_counts(get, [url], _grow, growth=(2, 30))
    assert large == small


def test_pilot_page_queries_do_not_grow_with_lines_and_documents(
    world, client, auth, api, count_queries
):
    member_id = world.working_group_member.id  # the session is closed between requests below
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, title="П", template=None)

    def grow(n):
        for i in range(n):
            line = api.post(
                f"/api/v1/pilots/{pilot['id']}/activities",
                json={
                    "title": f"Строка {i}",
                    "start_date": "2026-02-02",
                    "duration_working_days": 3,
                },
            ).json
            api.post(
                f"/api/v1/activities/{line['id']}/deliverables",
                json={"kind": "report", "url": f"https://example.org/{i}.pdf"},
            )
            api.patch(
                f"/api/v1/activities/{line['id']}",
                json={
                    "responsible_user_id": member_id,
                    "version": line["version"],
                },
            )

    auth.login(world.regional_coordinator)
    grow(2)
    counts = []
    for url in (
        f"/pilots/{pilot['id']}",
        "/pilots/",
        "/reports/monitoring?direction=journey",
        "/my/activities",
        f"/pilots/{pilot['id']}/results-report",
    ):
        db.session.close()  # requests share the test's session: start each from a cold one
        with count_queries() as small:
            assert client.get(url).status_code == 200
        counts.append((url, small["n"]))
    grow(10)
    for url, before in counts:
        db.session.close()
        with count_queries() as large:
            assert client.get(url).status_code == 200
        assert large["n"] == before, (url, before, large["n"])
