"""The demo loader: every region and office of the seeds, one user per role, idempotent."""

import datetime as dt

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.demo import DEMO_PILOTS, DEMO_USERS, load_regions
from cxflow.orgs.models import Office, Region
from cxflow.pilots.models import Pilot
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
    # As far as the seeds' data allows when the cycle is seeded (before the solution maps are
    # added, which do not move it): no solutions yet in 52, no measured number in 74.
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


# --- solution maps (cxflow/demo/solutions.py) --------------------------------------------------

DEMO_TODAY = dt.date(2026, 11, 23)


def _seed_on(app, monkeypatch, today: dt.date) -> dict[str, Pilot]:
    """Seed the demo as if the regions' date were `today`."""
    monkeypatch.setattr("cxflow.demo.solutions.region_today", lambda _zone: today)
    monkeypatch.setattr("cxflow.solutions.services.region_today", lambda _zone: today)
    result = app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    assert result.exit_code == 0, result.output
    return {p.region.code + p.direction: p for p in db.session.scalars(sa.select(Pilot))}


def _solutions(pilot: Pilot) -> list:
    from cxflow.solutions.models import Solution

    return db.session.scalars(
        sa.select(Solution).where(Solution.pilot_id == pilot.id).order_by(Solution.id)
    ).all()


def test_demo_solution_maps_follow_the_seeds(app, monkeypatch):
    from cxflow.cycle import services as cycle
    from cxflow.solutions import services
    from cxflow.solutions.models import Tier

    pilots = _seed_on(app, monkeypatch, DEMO_TODAY)
    nizhny, chelyabinsk = pilots["52journey"], pilots["74journey"]
    rows = _solutions(nizhny)
    # Seed 001 L552–641: 15 + 3 + 2 + 3 + 9 + 3 + 3 solutions; the six «быстрые» of seed 003.
    assert len(rows) == 38
    quick = [s for s in rows if s.tier == Tier.quick_win]
    assert len(quick) == 6
    shift = nizhny.start_date - dt.date(2021, 8, 16)
    window = (dt.date(2021, 11, 1) + shift, dt.date(2021, 12, 31) + shift)
    assert {(s.window_start, s.due_date) for s in quick} == {window}
    assert all(s.stage_id and s.pain_point_id and s.owner for s in rows)
    assert sum(s.tier == Tier.long_term and s.window_start is not None for s in rows) == 8  # 2022
    done = {s.solution[:40]: s.done_on for s in rows if s.status == "done"}
    assert done == {
        "Проведение рабочих встреч с руководителя": dt.date(2021, 10, 26) + shift,
        "Проведение для инвалидов комплекса трени": dt.date(2021, 10, 26) + shift,
    }
    assert sum(s.status == "in_progress" for s in rows) == 2
    history = services.history(next(s for s in rows if s.status == "done"))
    assert history[-1].actor.email == "coordinator@cxflow.local"
    assert "seed 001 L4545" in history[-1].comment
    # The map satisfies the solution-map stage; the cycle stays where its demo left it.
    assert all(r.met for r in cycle.checklist(nizhny))
    assert nizhny.stage == "solution_map" and chelyabinsk.stage == "measurements"
    others = _solutions(chelyabinsk)
    assert len(others) == 26 and all(s.stage_id for s in others)
    assert [(s.tier, s.status) for s in others if s.status != "planned"] == [
        (Tier.long_term, "in_progress"),
        (Tier.quick_win, "done"),
    ]
    # The quick wins' shifted window ends 16.01.2027: nothing is overdue on 23.11.2026; the day
    # after the window the five quick wins not yet delivered are.
    assert _overdue(nizhny, DEMO_TODAY) == 0
    assert _overdue(nizhny, window[1] + dt.timedelta(days=1)) == 5


def _overdue(pilot: Pilot, today: dt.date) -> int:
    from cxflow.solutions.models import Solution
    from cxflow.solutions.services import overdue_clause

    stmt = sa.select(sa.func.count(Solution.id)).where(
        Solution.pilot_id == pilot.id, Solution.tier == "quick_win", overdue_clause(today)
    )
    return db.session.scalar(stmt)


def test_demo_solutions_are_added_once(app, monkeypatch):
    _seed_on(app, monkeypatch, DEMO_TODAY)
    second = app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    assert "0 solutions" in second.output
    from cxflow.solutions.models import Solution

    assert db.session.scalar(sa.select(sa.func.count(Solution.id))) == 38 + 26


def test_demo_delivery_still_ahead_leaves_the_solution_in_progress(app, monkeypatch):
    pilots = _seed_on(app, monkeypatch, dt.date(2026, 11, 1))  # before the shifted 26.10.2021
    statuses = [s.status for s in _solutions(pilots["52journey"])]
    assert statuses.count("done") == 0 and statuses.count("in_progress") == 4
    assert all(s.done_on is None for s in _solutions(pilots["52journey"]))
