"""Every GET route of the app (pages and API, read from the URL map, so a new route is covered
without editing this test) × every role × an object of either region: no 5xx, no page without
sign-in unless the view is @public, and no object of region 52 shown to region 74 (issue #18,
the probe's shape kept as a test)."""

import pytest

from cxflow.core.routing import is_public
from tests import probe
from tests.probe import NOUNS, OTHER_PARAMETERS, ROLES

# Seen by every region on purpose: reference data, and the knowledge bank's published
# solutions (a region reuses what worked in another).
SHARED = {
    "orgs.region",
    "orgs_api.get_region",
    "bank.detail",
    "bank_api.similar",
    "bank.similar",
    "index.indicator",  # the indicator catalogue (methodology data)
}


@pytest.fixture
def demo(app):
    return probe.seed()


def test_every_path_parameter_is_known(app):
    unknown = {
        name
        for rule in probe.routes(app)
        for name in rule.arguments
        if name not in NOUNS and name not in OTHER_PARAMETERS
    }
    assert unknown == set()


def test_routes_by_role_and_region(app, client, demo):
    app.config["RATELIMIT_ENABLED"] = False
    users = probe.users()
    targets = {code: probe.first_ids(demo[code].id) for code in ("52", "74")}
    problems = []
    for role in (None, *ROLES):
        user = users.get(role)
        headers = probe.sign_in(client, user)
        for rule in probe.routes(app):
            # the OpenAPI document is public as the auth guard says (cxflow.auth.guard)
            public = is_public(app.view_functions[rule.endpoint]) or rule.endpoint.startswith(
                "api-docs."
            )
            for code in ("52", "74"):
                url = probe.url(rule, targets[code], demo[code])
                if url is None:
                    continue
                response = client.get(url, headers=headers)
                status = response.status_code
                where = f"{role or 'anonymous'} GET {url} ({rule.endpoint})"
                if status >= 500:
                    problems.append(f"{where}: {status}")
                elif user is None and not public and status not in (302, 401):
                    problems.append(f"{where}: {status} without sign-in")
                elif (
                    role == "coordinator74"
                    and code == "52"
                    and rule.arguments - {"token", "filename", "version", "item", "number"}
                    and rule.endpoint not in SHARED
                    and status == 200
                ):
                    problems.append(f"{where}: region 52's object shown to region 74")
    assert problems == [], "\n".join(problems)
