"""Notifications through a real Celery worker, Redis, a shared SQLite file and a local SMTP
server: delivery, a worker killed in the middle of sending, and the periodic tasks' lock."""

import asyncio
import os
import signal
import subprocess
import threading
import time
from email import message_from_bytes

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from celery.result import EagerResult

from cxflow.app import create_app
from cxflow.config import TestConfig
from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.notifications import reminders
from cxflow.notifications.models import Notification
from cxflow.notifications.tasks import send_deadline_reminders
from tests.factories import RegionFactory, UserFactory
from tests.helpers import config_with, free_port, make_activity
from tests.workers import REDIS_URL, redis_or_skip, start_worker

pytestmark = pytest.mark.celery

WAIT = 60  # seconds, at most, for anything to happen


class Mailbox:
    """Stores accepted messages. With `hold_first`, the first DATA waits until `release` is
    set (the test kills the sender meanwhile) and is then refused, as an MTA does with a
    message whose sender vanished before the end of the transaction."""

    def __init__(self, hold_first: bool = False):
        self.messages = []
        self.hold_first = hold_first
        self.arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first:
            self.hold_first = False
            self.arrived.set()
            deadline = time.monotonic() + WAIT
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return "451 4.3.0 the sender went away"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _wait_for(condition, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


class Services:
    """A Redis broker, an SMTP server, a SQLite file and the test's app on them."""

    def __init__(self, tmp_path, mailbox: Mailbox):
        self.redis = redis_or_skip()
        self.mailbox = mailbox
        self.smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        self.database = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        celery = {**TestConfig.CELERY, "broker_url": REDIS_URL, "task_always_eager": False}
        self.app = create_app(
            config_with(SQLALCHEMY_DATABASE_URI=self.database, REDIS_URL=REDIS_URL, CELERY=celery)
        )
        self.workers: list[subprocess.Popen] = []

    def start_worker(self) -> subprocess.Popen:
        worker = start_worker(
            self.database,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(self.smtp.port),
            CXFLOW_BROKER_VISIBILITY_TIMEOUT="2",
            # the claim of a killed worker lapses soon, so the redelivered task may send
            CXFLOW_MAIL_CLAIM_SECONDS="2",
        )
        self.workers.append(worker)
        return worker

    def queue_is_idle(self) -> bool:
        return self.redis.llen("celery") == 0 and self.redis.hlen("unacked") == 0

    def stop(self) -> str:
        output = []
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
            try:
                output.append(worker.communicate(timeout=30)[0] or "")
            except subprocess.TimeoutExpired:
                worker.kill()
                output.append(worker.communicate()[0] or "")
        self.smtp.stop()
        return "\n".join(output)


@pytest.fixture
def services(tmp_path, request):
    mailbox = Mailbox(hold_first=getattr(request, "param", False))
    services = Services(tmp_path, mailbox)
    services.smtp.start()
    try:
        with services.app.app_context():
            db.create_all()
            yield services
            db.session.remove()
            db.engine.dispose()
    finally:
        output = services.stop()
    assert "Traceback" not in output, output


def _reminded_user():
    region = RegionFactory()
    user = UserFactory(region=region)
    make_activity(region, user, region_today(region.timezone))
    db.session.commit()
    return user


def _notification() -> Notification:
    db.session.rollback()  # see the worker's commits
    return db.session.scalars(sa.select(Notification)).one()


def test_worker_delivers_the_reminder_once(services):
    services.start_worker()
    user = _reminded_user()
    assert not isinstance(send_deadline_reminders.delay(), EagerResult)  # through Redis
    send_deadline_reminders.delay()  # beat fired twice: the second run finds its key stored
    _wait_for(lambda: len(services.mailbox.messages) >= 1, "the reminder e-mail")
    _wait_for(services.queue_is_idle, "the worker to finish")
    time.sleep(0.5)
    assert [m["To"] for m in services.mailbox.messages] == [user.email]
    assert _notification().email_status == "sent"


@pytest.mark.parametrize("services", [True], indirect=True)
def test_worker_killed_while_sending_delivers_exactly_once(services):
    first = services.start_worker()
    user = _reminded_user()
    send_deadline_reminders.delay()
    # the first worker stored the notification and is in the middle of the SMTP DATA
    assert services.mailbox.arrived.wait(WAIT), "the first worker never reached the SMTP server"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=WAIT)
    services.mailbox.release.set()
    notification = _notification()
    assert notification.email_status == "pending" and notification.email_attempts == 0

    # the unacknowledged send_email comes back from Redis after the visibility timeout
    services.start_worker()
    _wait_for(lambda: len(services.mailbox.messages) >= 1, "the redelivered e-mail")
    _wait_for(services.queue_is_idle, "the second worker to finish")
    time.sleep(0.5)
    assert [m["To"] for m in services.mailbox.messages] == [user.email]
    notification = _notification()
    assert notification.email_status == "sent" and notification.email_attempts == 1


def test_a_locked_task_runs_once_at_a_time(services, monkeypatch):
    started, finish = threading.Event(), threading.Event()

    def slow_reminders():
        started.set()
        assert finish.wait(WAIT)
        return 7

    monkeypatch.setattr(reminders, "deadline_reminders", slow_reminders)
    results = []
    first = threading.Thread(target=lambda: results.append(send_deadline_reminders()))
    first.start()
    try:
        assert started.wait(WAIT)
        assert send_deadline_reminders() == "locked"  # beat or a second worker at once
    finally:
        finish.set()
        first.join(WAIT)
    assert results == [7]
    started.clear()
    finish.set()
    assert send_deadline_reminders() == 7  # the lock was released
