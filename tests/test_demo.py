"""The demo loader: every region and office of the seeds, one user per role, idempotent."""

import sqlalchemy as sa

from cxflow.demo import DEMO_PILOTS, DEMO_USERS, load_regions
from cxflow.extensions import db
from cxflow.orgs.models import Office, Region
from cxflow.roadmaps.models import Pilot
from cxflow.users.models import User


def _counts() -> tuple[int, ...]:
    models = (Region, Office, User, Pilot)
    return tuple(db.session.scalar(sa.select(sa.func.count(m.id))) for m in models)


def test_seed_demo_twice_adds_nothing_the_second_time(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["cxflow", "seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    second = runner.invoke(args=["cxflow", "seed-demo"])
    assert "added 0 regions, 0 offices, 0 users, 0 pilots" in second.output
    assert _counts() == counts
    regions = load_regions()
    offices = sum(len(r["offices"]) for r in regions)
    assert counts == (len(regions), offices, len(DEMO_USERS), len(DEMO_PILOTS))


def test_demo_holds_the_pilot_regions_with_real_codes(app):
    app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    names = dict(db.session.execute(sa.select(Region.code, Region.name)).all())
    assert names["52"] == "Нижегородская область"
    assert names["32"] == "Брянская область"
    assert names["74"] == "Челябинская область"
    assert names["18"] == "Удмуртская Республика"
    assert all(len(code) == 2 and code.isdigit() for code in names)


def test_demo_users_sign_in_with_the_demo_password(app, client):
    app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    assert users["coordinator@cxflow.local"].region.code == "52"
    assert users["coordinator74@cxflow.local"].region.code == "74"
    assert users["consultant@cxflow.local"].region is None
    for email in users:
        response = client.post(
            "/api/v1/auth/token", json={"email": email, "password": app.config["DEMO_PASSWORD"]}
        )
        assert response.status_code == 201, email


def test_demo_pilots_carry_their_cx_cycle_from_the_seeds(app):
    from cxflow.cycle import services as cycle
    from cxflow.journeys.models import JourneyStage

    app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    pilots = {p.region.code + p.direction: p for p in db.session.scalars(sa.select(Pilot))}
    nizhny, chelyabinsk = pilots["52journey"], pilots["74journey"]
    # As far as the seeds' data allows: no solutions yet in 52, no measured number in 74.
    assert nizhny.stage == "solution_map" and chelyabinsk.stage == "measurements"
    history = cycle.history(nizhny)
    assert [h.to_state for h in history][-1] == "solution_map" and len(history) == 5
    assert history[0].actor.email == "coordinator@cxflow.local"
    stages = db.session.scalars(
        sa.select(JourneyStage)
        .where(JourneyStage.pilot_id == chelyabinsk.id)
        .order_by(JourneyStage.position)
    ).all()
    assert len(stages) == 9 and stages[0].kind == "pre_service" and stages[-1].kind == "loop"
    from cxflow.clients.models import ClientProfile, ProfileRevision

    profiles = db.session.scalar(sa.select(sa.func.count(ClientProfile.id)))
    revisions = db.session.scalar(sa.select(sa.func.count(ProfileRevision.id)))
    assert profiles == revisions > 0  # each demo profile starts its history at version 1
