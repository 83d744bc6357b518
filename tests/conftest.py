"""Fixtures: a new app and an empty database per test, on SQLite or on TEST_DATABASE_URL; the
signed-in clients; the regions with their users, pilots and the knowledge bank the tests share
(builders and other helpers: tests/helpers.py)."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient

from cxflow.app import create_app
from cxflow.config import TestConfig
from cxflow.core.extensions import db
from tests import factories, helpers

PASSWORD = factories.PASSWORD


def _is_sqlite_memory() -> bool:
    return TestConfig.SQLALCHEMY_DATABASE_URI == "sqlite://"


@pytest.fixture(scope="session")
def _shared_app():
    """One app for the whole run: building one (routes, the OpenAPI document) takes ~0.4 s,
    more than most tests. Each test gets its configuration back and empty tables."""
    from cxflow.core.extensions import limiter

    app = create_app(TestConfig)
    # Flask-Limiter is one object: an app made later by a test (the fuzz test's disables it)
    # re-initialises it; each test puts this app's state back.
    app.extensions["cxflow_test_limiter"] = (limiter.enabled, limiter._storage, limiter._limiter)
    with app.app_context():
        if not _is_sqlite_memory():  # a server database: the schema once, emptied per test
            db.drop_all()
            db.create_all()
    yield app
    with app.app_context():
        if not _is_sqlite_memory():
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(_shared_app):
    from cxflow.core.extensions import limiter

    app = _shared_app
    config = dict(app.config)
    with app.app_context():
        if _is_sqlite_memory():
            db.create_all()
        limiter.enabled, limiter._storage, limiter._limiter = app.extensions["cxflow_test_limiter"]
        limiter.reset()
        celery = app.extensions["celery"]  # a test may have made an app of its own
        celery.set_current()
        celery.set_default()
        yield app
        sender = app.extensions.get("cxflow_mail_sender")
        if sender is not None:  # no e-mail of this test is sent into the next one's tables
            sender.wait_idle()
        db.session.remove()
        if _is_sqlite_memory():
            db.drop_all()
        else:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    app.config.clear()
    app.config.update(config)


class Client(FlaskClient):
    """Flask 3.1 runs test requests inside the test's app context; give each one a fresh `g`
    (as in production), so per-request caches such as Flask-Babel's locale do not leak."""

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = Client
    return app.test_client()


class Auth:
    """Sign a test client in through the real sign-in form."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password=PASSWORD, language=None):
        response = self.client.post("/auth/login", data={"email": user.email, "password": password})
        if language:  # pages speak the session's language, not Accept-Language
            self.client.get(f"/lang/{language}")
        return response

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


class ApiClient:
    """Calls /api/v1 with a bearer token obtained through POST /api/v1/auth/token."""

    def __init__(self, client):
        self.client = client
        self.headers: dict[str, str] = {}

    def as_(self, user, password=PASSWORD):
        response = self.client.post(
            "/api/v1/auth/token", json={"email": user.email, "password": password}
        )
        assert response.status_code == 201, response.json
        self.headers = {"Authorization": f"Bearer {response.json['token']}"}
        return self

    def __getattr__(self, method):
        call = getattr(self.client, method)
        return lambda url, **kw: call(url, headers={**self.headers, **kw.pop("headers", {})}, **kw)


@pytest.fixture
def api(client):
    return ApiClient(client)


@pytest.fixture
def world(app):
    """Two regions with an office each and one user per role (regional ones in region 52)."""
    r52 = factories.RegionFactory(code="52", name="Нижегородская область")
    r74 = factories.RegionFactory(code="74", name="Челябинская область")
    office52 = factories.OfficeFactory(region=r52, name="ЦЗН Нижнего Новгорода")
    office74 = factories.OfficeFactory(region=r74, name="ЦЗН Челябинска")
    users = {
        role: factories.UserFactory(role=role, region=r52)
        for role in ("regional_coordinator", "working_group_member", "manager")
    }
    users |= {
        role: factories.UserFactory(role=role, region=None)
        for role in ("admin", "federal_consultant")
    }
    users["coordinator74"] = factories.UserFactory(role="regional_coordinator", region=r74)
    db.session.commit()
    return type(
        "World", (), {"r52": r52, "r74": r74, "office52": office52, "office74": office74, **users}
    )


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = {"n": 0}

        def before(*_args):
            counter["n"] += 1

        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def query_counts(count_queries):
    """`query_counts(get, urls, grow, growth=(2, 8))`: the SQL statements GET-ting `urls` runs
    after each `grow(n)`, n in `growth`; equal counts mean the pages run no query per row."""

    def counts(get, urls, grow, growth=(2, 8)) -> list[int]:
        measured = []
        for n in growth:
            grow(n)
            with count_queries() as counter:
                for url in urls:
                    assert get(url).status_code == 200, url
            measured.append(counter["n"])
        return measured

    return counts


@pytest.fixture
def pilot(world):
    """A journey pilot of region 52 starting 01.09.2026, without a roadmap."""
    pilot = factories.PilotFactory(region=world.r52)
    db.session.commit()
    return pilot


@pytest.fixture
def pilots(world):
    """A pilot in region 52 and one in region 74, named as the dashboards show them."""
    p52 = factories.PilotFactory(region=world.r52, title="Сопровождение инвалидов")
    p74 = factories.PilotFactory(region=world.r74, title="Освободившиеся из мест лишения свободы")
    db.session.commit()
    return p52, p74


@pytest.fixture
def profile(pilot):
    profile = factories.ProfileFactory(pilot=pilot, title="Инвалид 50+")
    db.session.commit()
    return profile


@pytest.fixture
def stage(pilot):
    """The first stage of a journey of `pilot`."""
    stage = factories.StageFactory(journey__pilot=pilot)
    db.session.commit()
    return stage


@pytest.fixture
def bank(world):
    """The knowledge bank: region 52's own solution (its stage with a pain point), region 74's
    published one and its unpublished one."""
    pilot52 = factories.PilotFactory(region=world.r52, target_group="инвалиды")
    own = helpers.add_solution(
        pilot52, "Памятка для инвалидов", pain="Нет информации для инвалидов"
    )
    pilot74 = factories.PilotFactory(region=world.r74, target_group="освободившиеся")
    shared = helpers.add_solution(
        pilot74,
        "Информационная памятка для инвалидов и освободившихся",
        planned="Клиент знает, куда обращаться",
        tier="quick_win",
        published=True,
    )
    hidden = helpers.add_solution(pilot74, "Закрытая памятка для инвалидов", tier="long_term")
    return SimpleNamespace(pilot52=pilot52, pilot74=pilot74, own=own, shared=shared, hidden=hidden)
