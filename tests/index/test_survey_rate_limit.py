"""A flood from one device gets 429 after CXFLOW_SURVEY_RATE_LIMIT; the answers under the
limit are kept, and another device behind the same address answers on (issue #15)."""

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.clients import DEVICE_COOKIE
from cxflow.index.models.surveys import SurveyResponse
from tests.helpers import survey_body

ADDRESS = {"REMOTE_ADDR": "203.0.113.15"}  # one office's computers behind one address


def post(client, office, cookie, n):
    client.set_cookie(DEVICE_COOKIE, cookie)
    return client.post(
        f"/api/v1/surveys/{office.survey_token}/responses",
        json=survey_body(q1=1 + n % 10),
        environ_base=ADDRESS,
    )


def stored() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse))


def test_a_flood_from_one_device_gets_429_and_keeps_what_came_before(world, client, app):
    app.config["SURVEY_RATE_LIMIT"] = "3 per 10 minutes"
    codes = [post(client, world.office52, "floodkiosk01", n).status_code for n in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert stored() == 3
    # another device cookie at the same address is not blocked
    assert post(client, world.office52, "otherphone02", 0).status_code == 201
    assert stored() == 4
