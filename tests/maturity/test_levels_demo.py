"""The demo maturity data of region 52 (cxflow/demo/maturity_controls.py): controls moved
through the services with their history, competence events, typed profiles; loaded once."""

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.demo.maturity_controls import IN_DEVELOPMENT, OPERATING
from cxflow.maturity.models.controls import MaturityControl
from cxflow.maturity.models.events import CompetenceEvent
from cxflow.maturity.services import levels, measures
from cxflow.orgs.models import Region
from cxflow.workflows.models import TransitionRecord


def test_demo_maturity_of_region_52(app):
    seed_demo("demo-password-1")
    db.session.commit()
    region = db.session.scalar(sa.select(Region).where(Region.code == "52"))
    states = {
        c.number: c.status
        for c in db.session.scalars(sa.select(MaturityControl).filter_by(region_id=region.id))
    }
    assert states == {n: "operating" for n in OPERATING} | {
        n: "in_development" for n in IN_DEVELOPMENT
    }
    moves = db.session.scalar(
        sa.select(sa.func.count()).where(TransitionRecord.workflow == "maturity_control")
    )
    assert moves == len(OPERATING) + len(IN_DEVELOPMENT)
    assert db.session.scalar(sa.select(sa.func.count(CompetenceEvent.id))) == 2
    profiles = measures.profiles(region.id).value
    assert profiles["seeker"] >= 1 and profiles["employer"] == 0
    snap = levels.snapshot(region)
    assert snap.level == 0  # no employer profile or journey yet (seed 004 L52, L55)
    assert [m.number for m in snap.missing(1)] == ["5", "6"]

    assert seed_demo("demo-password-1")["maturity controls"] == 0  # once
