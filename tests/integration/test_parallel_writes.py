"""Issue #18: 20 parallel writes of one kind against a real threaded server give no 5xx, no
duplicate positions or numbers, and lose nothing: every create is saved, and of 20 saves or
transitions of one object made from the same version exactly one wins, the rest are told of
the conflict. On PostgreSQL when TEST_DATABASE_URL names one, else on a SQLite file (an
in-memory database is one per connection, so a server cannot share it)."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import requests
import sqlalchemy as sa
from werkzeug.serving import make_server

from cxflow.app import create_app
from cxflow.config import TestConfig
from cxflow.core.extensions import db
from cxflow.journeys.models import JourneyStage, Touchpoint
from cxflow.pilots.models import Pilot
from cxflow.roadmaps.models import Activity
from cxflow.solutions.models import Solution
from cxflow.working_groups.models import Meeting
from tests import factories
from tests.helpers import config_with

N = 20
POOL = 4
ON_POSTGRESQL = TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql")


@pytest.fixture
def live(request, tmp_path):
    """A threaded server on a free port, the database it writes to, a coordinator's signed-in
    page session and API token."""
    context = None
    if ON_POSTGRESQL:
        request.getfixturevalue("app")  # its tables, emptied after the test
        url = TestConfig.SQLALCHEMY_DATABASE_URI
    else:
        url = f"sqlite:///{tmp_path / 'parallel.sqlite3'}"
    # Fewer connections than parallel requests: a request that held one connection while
    # waiting for another (a task run in-process, say) would starve the pool and time out.
    pool = {"pool_size": POOL, "max_overflow": 0, "pool_timeout": 30}
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=pool))
    if not ON_POSTGRESQL:
        context = app.app_context()
        context.push()
        db.create_all()
    region = factories.RegionFactory(code="52", name="Нижегородская область")
    coordinator = factories.UserFactory(role="regional_coordinator", region=region)
    pilot = factories.PilotFactory(region=region)
    stage = factories.StageFactory(journey__pilot=pilot, position=1)
    factories.PainPointFactory(stage=stage, description="Мелкий шрифт на стендах")
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    page = requests.Session()
    signed_in = page.post(
        base + "/auth/login",
        data={"email": coordinator.email, "password": factories.PASSWORD},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302
    token = requests.post(
        base + "/api/v1/auth/token",
        json={"email": coordinator.email, "password": factories.PASSWORD},
    ).json()["token"]
    yield SimpleNamespace(
        base=base,
        cookies=page.cookies.get_dict(),
        bearer={"Authorization": f"Bearer {token}"},
        pilot=pilot,
        stage=stage,
        journey_id=stage.journey_id,
        pain_point_id=stage.pain_points[0].id,
    )
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()
    if context is not None:
        db.session.remove()
        context.pop()


def parallel(call, n: int = N) -> Counter:
    """Run `call(i)` for i in 0…n-1 at the same moment, each on its own thread; the HTTP
    statuses counted."""
    start = threading.Barrier(n)

    def one(i: int) -> int:
        start.wait()
        return call(i).status_code

    with ThreadPoolExecutor(max_workers=n) as pool:
        return Counter(pool.map(one, range(n)))


def page_post(live, path: str, data: dict):
    return requests.post(
        live.base + path, data=data, cookies=live.cookies, allow_redirects=False, timeout=60
    )


def api(live, method: str, path: str, body: dict):
    return requests.request(
        method, live.base + "/api/v1" + path, json=body, headers=live.bearer, timeout=60
    )


def no_server_errors(statuses: Counter) -> None:
    assert not [s for s in statuses if s >= 500], statuses


def rows(model, *where) -> list:
    db.session.rollback()  # read what the server committed, not this thread's old snapshot
    return list(db.session.scalars(sa.select(model).where(*where)))


def test_new_stages(live):
    path = f"/journeys/{live.journey_id}/stages/new"
    statuses = parallel(lambda i: page_post(live, path, {"title": f"Этап {i}", "kind": "regular"}))
    no_server_errors(statuses)
    assert statuses == Counter({302: N})
    positions = [s.position for s in rows(JourneyStage, JourneyStage.journey_id == live.journey_id)]
    assert sorted(positions) == list(range(1, N + 2))


def test_new_stages_through_the_api(live):
    path = f"/journeys/{live.journey_id}/stages"
    statuses = parallel(lambda i: api(live, "POST", path, {"title": f"Этап {i}"}))
    no_server_errors(statuses)
    assert statuses == Counter({201: N})
    positions = [s.position for s in rows(JourneyStage, JourneyStage.journey_id == live.journey_id)]
    assert sorted(positions) == list(range(1, N + 2))


def test_new_activities(live):
    path = f"/pilots/{live.pilot.id}/activities/new"
    statuses = parallel(
        lambda i: page_post(
            live, path, {"title": f"Мероприятие {i}", "kind": "activity", "parent_id": ""}
        )
    )
    no_server_errors(statuses)
    assert statuses == Counter({302: N})
    lines = rows(Activity, Activity.pilot_id == live.pilot.id)
    assert sorted(a.position for a in lines) == list(range(1, N + 1))
    assert sorted(int(a.number) for a in lines) == list(range(1, N + 1))
    assert len({a.sort_key for a in lines}) == N


def test_new_meetings(live):
    path = f"/pilots/{live.pilot.id}/working-group/meetings/new"

    def meeting(number: int) -> dict:
        return {"number": str(number), "held_on": "2026-09-10", "protocol": "Присутствовали: 9."}

    statuses = parallel(lambda i: page_post(live, path, meeting(i + 1)))
    no_server_errors(statuses)
    assert statuses == Counter({302: N})
    # The same number from 20 forms (the one the form suggests): one is saved, the others
    # are told that the number is taken.
    same = parallel(lambda i: page_post(live, path, meeting(N + 1)))
    no_server_errors(same)
    assert same == Counter({302: 1, 422: N - 1})
    numbers = [m.number for m in rows(Meeting, Meeting.pilot_id == live.pilot.id)]
    assert sorted(numbers) == list(range(1, N + 2))


def test_new_solutions(live):
    path = f"/pilots/{live.pilot.id}/solutions"
    row = {
        "stage_id": live.stage.id,
        "pain_point_id": live.pain_point_id,
        "planned_result": "Информация читается",
        "owner": "Отдел по работе с клиентами",
        "due_date": "2026-12-15",
        "tier": "quick_win",
    }
    statuses = parallel(lambda i: page_post(live, path, row | {"solution": f"Решение {i}"}))
    no_server_errors(statuses)
    assert statuses == Counter({302: N})
    saved = rows(Solution, Solution.pilot_id == live.pilot.id)
    assert sorted(s.solution for s in saved) == sorted(f"Решение {i}" for i in range(N))


def test_new_touchpoints(live):
    path = f"/journey-stages/{live.stage.id}/touchpoints/new"
    statuses = parallel(lambda i: page_post(live, path, {"title": f"Точка {i}", "channel": "site"}))
    no_server_errors(statuses)
    assert statuses == Counter({302: N})
    saved = rows(Touchpoint, Touchpoint.stage_id == live.stage.id)
    assert sorted(t.title for t in saved) == sorted(f"Точка {i}" for i in range(N))


def test_the_same_edit_from_one_version(live):
    path = f"/journey-stages/{live.stage.id}"
    version = live.stage.version
    statuses = parallel(
        lambda i: api(live, "PATCH", path, {"title": f"Этап {i}", "version": version})
    )
    no_server_errors(statuses)
    assert statuses == Counter({200: 1, 409: N - 1})
    (stage,) = rows(JourneyStage, JourneyStage.id == live.stage.id)
    assert stage.version == version + 1


def test_the_same_page_edit_from_one_version(live):
    """The pages answer a conflict by showing the form again with the message (422)."""
    path = f"/journey-stages/{live.stage.id}/edit"
    version = live.stage.version
    statuses = parallel(
        lambda i: page_post(
            live, path, {"title": f"Этап {i}", "kind": "regular", "version": version}
        )
    )
    no_server_errors(statuses)
    assert statuses == Counter({302: 1, 422: N - 1})


def test_transitions_of_one_object(live):
    line = factories.ActivityFactory(pilot=live.pilot, sort_key="0001")
    db.session.commit()
    path = f"/activities/{line.id}/transitions"
    statuses = parallel(lambda i: api(live, "POST", path, {"event": "start", "comment": ""}))
    no_server_errors(statuses)
    assert statuses == Counter({200: 1, 409: N - 1})
    (line,) = rows(Activity, Activity.id == line.id)
    assert line.status == "in_progress" and line.version == 2


def test_the_same_offices_save_from_one_version(live):
    """A change to nothing but the offices is a change of the pilot too (defect 4): of 20
    saves from one version, one wins."""
    offices = [factories.OfficeFactory(region=live.pilot.region) for _ in range(N)]
    db.session.commit()
    office_ids, version = [o.id for o in offices], live.pilot.version
    path = f"/pilots/{live.pilot.id}"
    # Each save a different office: one that only repeated what is already stored would
    # change nothing and succeed harmlessly.
    statuses = parallel(
        lambda i: api(live, "PATCH", path, {"office_ids": [office_ids[i]], "version": version})
    )
    no_server_errors(statuses)
    assert statuses == Counter({200: 1, 409: N - 1})
    (pilot,) = rows(Pilot, Pilot.id == live.pilot.id)
    assert pilot.version == version + 1 and len(pilot.offices) == 1


def test_a_dry_connection_pool_answers_503_soon(tmp_path):
    """More requests than connections for longer than DB_POOL_TIMEOUT: «busy, try again»
    (503 with Retry-After) after that time, not a 500 (nor a request hanging for 30 s)."""
    url = f"sqlite:///{tmp_path / 'pool.sqlite3'}"
    app = create_app(
        config_with(
            SQLALCHEMY_DATABASE_URI=url, DB_POOL_SIZE=1, DB_MAX_OVERFLOW=0, DB_POOL_TIMEOUT=1
        )
    )
    with app.app_context():
        db.create_all()
        user = factories.UserFactory(role="regional_coordinator", region=None)
        db.session.commit()
        email = user.email
        db.session.remove()
        client = app.test_client()
        with db.engine.connect():  # the only connection, held by "another request"
            page = client.post("/auth/login", data={"email": email, "password": "x"})
            token = client.post("/api/v1/auth/token", json={"email": email, "password": "x"})
        db.engine.dispose()
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert token.status_code == 503 and token.json["error"]["code"] == "unavailable"
