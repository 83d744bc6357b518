"""Sign-in against enumeration and spraying: an unknown account costs what a known one does,
failed sign-ins are limited per address across accounts (pages and API together)."""

import socket
import time

import pytest

from cxflow.app import create_app
from cxflow.auth import services
from cxflow.core.extensions import db, limiter
from cxflow.users.services import hash_password
from tests import factories
from tests.conftest import PASSWORD
from tests.helpers import config_with


def _scheme(password_hash: str) -> str:
    """`scrypt:32768:8:1` of `scrypt:32768:8:1$salt$hash`: the method and its cost."""
    return password_hash.split("$", 1)[0]


@pytest.fixture
def real_hashes(app):
    """The production hash method (the suite uses a cheap one); the fixture restores config."""
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"


def test_an_unknown_account_is_checked_against_a_hash_of_the_same_cost(
    app, real_hashes, monkeypatch
):
    checked = []
    real_check = services.check_password_hash

    def spy(password_hash, password):
        checked.append(_scheme(password_hash))
        return real_check(password_hash, password)

    monkeypatch.setattr(services, "check_password_hash", spy)
    assert services.authenticate("nobody@cxflow.test", "wrong-password") is None
    assert checked == [_scheme(hash_password("any password"))]


def test_a_failed_sign_in_takes_as_long_for_an_unknown_account(app, real_hashes):
    user = factories.UserFactory(password_hash=hash_password(PASSWORD))

    def fastest(email: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            assert services.authenticate(email, "wrong-password") is None
            times.append(time.perf_counter() - started)
        return min(times)

    fastest(user.email)  # warm up: the dummy hash is made on first use
    known, unknown = fastest(user.email), fastest("nobody@cxflow.test")
    assert 0.5 < unknown / known < 2, (
        f"known {known * 1000:.0f} ms, unknown {unknown * 1000:.0f} ms"
    )


def _fail(client, email: str, api: bool = False, address: str = "10.0.0.1") -> int:
    body = {"email": email, "password": "wrong-password"}
    environ = {"REMOTE_ADDR": address}
    if api:
        return client.post("/api/v1/auth/token", json=body, environ_base=environ).status_code
    return client.post("/auth/login", data=body, environ_base=environ).status_code


def test_failed_sign_ins_are_limited_per_address_across_accounts(world, client):
    """The default limit: 10 failures a minute from one address, whatever the accounts."""
    statuses = [_fail(client, f"user{n}@cxflow.test", api=n % 2 == 1) for n in range(10)]
    assert statuses == [200, 401] * 5
    assert _fail(client, "user10@cxflow.test") == 429
    assert _fail(client, "user11@cxflow.test", api=True) == 429
    # from that address even the right password waits; another address is not affected
    right = {"email": world.manager.email, "password": PASSWORD}
    same, other = ({"REMOTE_ADDR": address} for address in ("10.0.0.1", "10.0.0.2"))
    assert client.post("/auth/login", data=right, environ_base=same).status_code == 429
    assert client.post("/auth/login", data=right, environ_base=other).status_code == 302


def test_the_account_limit_counts_pages_and_api_together(world, client):
    email = world.manager.email
    statuses = [_fail(client, email, api=n % 2 == 1) for n in range(5)]
    assert statuses == [200, 401, 200, 401, 200]
    assert _fail(client, email, api=True) == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(app, tmp_path):
    """CXFLOW_TRUSTED_PROXIES=1: the address the proxy saw, not the proxy's, is limited."""
    proxied = create_app(
        config_with(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'proxied.sqlite3'}",
            TRUSTED_PROXIES=1,
            LOGIN_ADDRESS_RATE_LIMIT="2 per minute",
        )
    )
    client = proxied.test_client()

    def fail(n: int, address: str) -> int:
        body = {"email": f"user{n}@cxflow.test", "password": "wrong-password"}
        return client.post(
            "/auth/login", data=body, headers={"X-Forwarded-For": address}
        ).status_code

    with proxied.app_context():
        db.create_all()
        assert [fail(n, "203.0.113.7") for n in range(3)] == [200, 200, 429]
        assert fail(3, "203.0.113.8") == 200
        db.engine.dispose()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once it is closed


@pytest.fixture
def app_without_redis(app, tmp_path):
    """REDIS_URL names a port where nothing listens (a typo, Redis down)."""
    redis_url = f"redis://127.0.0.1:{_closed_port()}/0"
    broken = create_app(
        config_with(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-redis.sqlite3'}",
            REDIS_URL=redis_url,
            RATELIMIT_STORAGE_URI=redis_url,
        )
    )
    with broken.app_context():
        db.create_all()
        yield broken
        db.session.remove()
        db.engine.dispose()
    limiter._storage_dead = False  # the limiter is one object; the next test's app is healthy


def test_sign_in_works_while_the_limiter_storage_is_unreachable(app_without_redis, caplog):
    user = factories.UserFactory(role="admin", region=None)
    db.session.commit()
    client = app_without_redis.test_client()
    right = {"email": user.email, "password": PASSWORD}
    wrong = {"email": user.email, "password": "wrong-password"}
    assert client.post("/auth/login", data=wrong).status_code == 200
    assert "falling back to in-memory storage" in caplog.text
    assert client.post("/auth/login", data=right).status_code == 302
    assert client.post("/api/v1/auth/token", json=wrong).status_code == 401
    assert client.post("/api/v1/auth/token", json=right).status_code == 201
    # the limits still hold, counted in memory
    statuses = [client.post("/api/v1/auth/token", json=wrong).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
