"""Background jobs: eager in-process without Redis, and a real Celery worker with Redis."""

import datetime as dt
import time

import pytest
import sqlalchemy as sa
from celery.result import EagerResult

from cxflow.app import create_app
from cxflow.auth.models import ApiToken
from cxflow.auth.tasks import purge_expired_tokens
from cxflow.config import TestConfig
from cxflow.core.extensions import db
from tests.factories import UserFactory
from tests.helpers import config_with
from tests.workers import REDIS_URL, redis_or_skip, start_worker


def _token(user, expires_in: dt.timedelta, name: str) -> ApiToken:
    token = ApiToken(
        user=user, token_hash=name.ljust(64, "0"), expires_at=dt.datetime.now(dt.UTC) + expires_in
    )
    db.session.add(token)
    return token


def _hashes() -> set[str]:
    return set(db.session.scalars(sa.select(ApiToken.token_hash)))


def test_purge_runs_eagerly_without_redis(app):
    user = UserFactory()
    _token(user, dt.timedelta(hours=-1), "old")
    _token(user, dt.timedelta(hours=1), "new")
    db.session.commit()
    purge_expired_tokens.delay()
    assert _hashes() == {"new".ljust(64, "0")}


def test_beat_schedules_the_purge(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["purge-expired-api-tokens"]["task"] == purge_expired_tokens.name


@pytest.mark.celery
def test_real_worker_runs_the_task_from_redis(tmp_path):
    redis_or_skip()
    database = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    celery = {**TestConfig.CELERY, "broker_url": REDIS_URL, "task_always_eager": False}
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=database, CELERY=celery))
    worker = start_worker(database)
    try:
        with app.app_context():
            db.create_all()
            user = UserFactory(region=None, role="admin")
            _token(user, dt.timedelta(hours=-1), "old")
            _token(user, dt.timedelta(hours=1), "new")
            db.session.commit()
            result = purge_expired_tokens.delay()
            assert not isinstance(result, EagerResult)  # it went through Redis
            deadline = time.monotonic() + 60
            while _hashes() != {"new".ljust(64, "0")} and time.monotonic() < deadline:
                db.session.rollback()
                time.sleep(0.2)
            assert _hashes() == {"new".ljust(64, "0")}, "the worker did not run the task"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "Traceback" not in output, output
