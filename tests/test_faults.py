"""Faults of the real parts around cxflow (#18): Redis killed mid-run, an SMTP server that
hangs, PostgreSQL restarted mid-run. Pages answer or say clearly what is unavailable, nothing
written is lost, and every e-mail is sent exactly once later. Each test starts its own
servers (tests/real_services.py) and skips with one line when a binary is missing, unless
CXFLOW_REQUIRE_SERVICES=1."""

import subprocess
import time
from collections import Counter

import pytest
import requests
import sqlalchemy as sa

from cxflow.app import create_app
from cxflow.config import TestConfig
from cxflow.consultations.models import Consultation
from cxflow.core.extensions import db
from cxflow.notifications.models import Notification
from cxflow.notifications.tasks import sweep_pending_emails
from tests.factories import PASSWORD, RegionFactory, UserFactory
from tests.helpers import config_with, free_port, wait_for_mail
from tests.real_services import (
    LiveServer,
    PostgresCluster,
    RedisServer,
    SilentSmtp,
    smtp_server,
    wait_for,
)
from tests.workers import start_worker

WAIT = 60


def _question(region_id: int, text: str) -> dict:
    return {
        "region_id": region_id,
        "direction": "journey",
        "received_on": "2026-11-20",
        "question": text,
    }


def _people():
    """Region 52 with an asker and one federal consultant (who gets the e-mails)."""
    region = RegionFactory(code="52")
    asker = UserFactory(role="working_group_member", region=region)
    consultant = UserFactory(role="federal_consultant", region=None)
    db.session.commit()
    return region.id, asker.email, consultant.email


def _signed_in(server: LiveServer, email: str) -> requests.Session:
    session = requests.Session()
    response = session.post(
        f"{server.url}/auth/login",
        data={"email": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def _post(session: requests.Session, server: LiveServer, data: dict) -> requests.Response:
    return session.post(
        f"{server.url}/consultations/new", data=data, allow_redirects=False, timeout=60
    )


def _mail_counts(mailbox) -> Counter:
    return Counter((m["To"], m.get_payload(decode=True).decode()) for m in mailbox.messages)


def _stop(app, server, *closers) -> None:
    if server is not None:
        server.stop()
    for close in closers:
        close()
    sender = app.extensions.get("cxflow_mail_sender")
    if sender is not None:
        sender.stop()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.celery
def test_redis_killed_mid_run(tmp_path):
    """Sign-in and questions keep answering while Redis is down; the e-mail queued while it
    was down waits in the outbox, and once Redis is back a worker's sweep sends every e-mail
    exactly once (also the one whose task died with Redis)."""
    broker = RedisServer()
    broker.start()
    smtp, mailbox = smtp_server()
    database = f"sqlite:///{tmp_path / 'redis_down.sqlite3'}"
    celery = {**TestConfig.CELERY, "broker_url": broker.url, "task_always_eager": False}
    app = create_app(
        config_with(
            SQLALCHEMY_DATABASE_URI=database,
            REDIS_URL=broker.url,
            RATELIMIT_STORAGE_URI=broker.url,
            CELERY=celery,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=smtp.port,
        )
    )
    server = worker = None
    try:
        with app.app_context():
            db.create_all()
            region_id, asker, consultant = _people()
        server = LiveServer(app)
        before = _post(_signed_in(server, asker), server, _question(region_id, "До сбоя"))
        assert before.status_code == 302  # its task is in Redis, no worker runs yet

        broker.kill()  # Redis dies, taking the queued task with it
        began = time.monotonic()
        session = _signed_in(server, asker)  # the limiter counts in memory meanwhile
        during = _post(session, server, _question(region_id, "Во время сбоя"))
        assert during.status_code == 302
        assert session.get(f"{server.url}/consultations/", timeout=30).status_code == 200
        assert time.monotonic() - began < 15
        with app.app_context():
            statuses = list(db.session.scalars(sa.select(Notification.email_status)))
            assert statuses == ["pending", "pending"] and mailbox.messages == []

        broker.start()  # Redis is back (empty: it kept nothing)
        worker = start_worker(
            database,
            REDIS_URL=broker.url,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(smtp.port),
            CXFLOW_MAIL_SWEEP_AFTER="0",
        )
        with app.app_context():
            sweep_pending_emails.delay()  # what beat sends every five minutes
        wait_for(lambda: len(mailbox.messages) >= 2, "the swept e-mails", WAIT)
        sweep_pending_emails.delay()  # a second sweep finds nothing left to send
        time.sleep(3)
        counts = _mail_counts(mailbox)
        assert sorted(counts.values()) == [1, 1] and {to for to, _ in counts} == {consultant}
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(Consultation.id))) == 2
            statuses = list(db.session.scalars(sa.select(Notification.email_status)))
            assert statuses == ["sent", "sent"]
    finally:
        output = ""
        if worker is not None:
            worker.terminate()
            try:
                output = worker.communicate(timeout=30)[0] or ""
            except subprocess.TimeoutExpired:
                worker.kill()
        _stop(app, server, smtp.stop, broker.kill)
    assert "Traceback" not in output, output


@pytest.fixture(scope="module")
def postgres():
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.remove()


def test_smtp_hanging_keeps_pages_fast_and_sends_once_later(postgres, tmp_path):
    """An SMTP server that accepts and never answers: questions are answered at once while
    the background sender times out; when a working server takes the port, each e-mail is
    sent exactly once."""
    silent = SilentSmtp()
    app = create_app(
        config_with(
            SQLALCHEMY_DATABASE_URI=postgres.create_database("smtp_hanging"),
            RATELIMIT_ENABLED=False,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=silent.port,
            MAIL_TIMEOUT=2,
            MAIL_RETRY_BACKOFF=1,
        )
    )
    server, smtp = None, None
    try:
        with app.app_context():
            db.create_all()
            region_id, asker, consultant = _people()
        server = LiveServer(app)
        session = _signed_in(server, asker)
        for number in range(3):
            began = time.monotonic()
            response = _post(session, server, _question(region_id, f"Вопрос №{number}"))
            assert response.status_code == 302 and time.monotonic() - began < 1.5  # < 2 s
        with app.app_context():

            def tried() -> bool:
                db.session.expire_all()
                attempts = db.session.scalars(sa.select(Notification.email_attempts))
                return all(a >= 1 for a in attempts)

            wait_for(tried, "every e-mail to time out once", WAIT)
        silent.close()
        smtp, mailbox = smtp_server()
        app.config["MAIL_PORT"] = smtp.port  # the mail server works again
        wait_for(lambda: len(mailbox.messages) >= 3, "the retried e-mails", WAIT)
        time.sleep(2)
        wait_for_mail(app)
        counts = _mail_counts(mailbox)
        assert sorted(counts.values()) == [1, 1, 1] and {to for to, _ in counts} == {consultant}
    finally:
        silent.close()
        _stop(app, server, *([smtp.stop] if smtp else []))


def test_postgresql_restarted_mid_run(postgres, tmp_path):
    """While the database is down, pages and the API answer 503 saying so (not a 500, not a
    hang); after the restart the same process serves again, what was saved before is there,
    and the e-mails of the questions saved before and after (the first one still waiting for
    its mail server across the restart) are each sent once."""
    app = create_app(
        config_with(
            SQLALCHEMY_DATABASE_URI=postgres.create_database("restarted"),
            RATELIMIT_ENABLED=False,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=free_port(),  # no mail server yet: the first e-mail waits
            MAIL_RETRY_BACKOFF=1,
            MAIL_MAX_RETRIES=20,
        )
    )
    server = smtp = None
    try:
        with app.app_context():
            db.create_all()
            region_id, asker, consultant = _people()
        server = LiveServer(app)
        session = _signed_in(server, asker)
        assert _post(session, server, _question(region_id, "До перезапуска")).status_code == 302
        token = requests.post(
            f"{server.url}/api/v1/auth/token",
            json={"email": asker, "password": PASSWORD},
            timeout=30,
        ).json()["token"]
        with app.app_context():

            def tried() -> bool:
                db.session.expire_all()
                return db.session.scalar(sa.select(Notification.email_attempts)) >= 1

            wait_for(tried, "the first attempt to fail", WAIT)

        postgres.stop()
        try:
            began = time.monotonic()
            page = session.get(f"{server.url}/consultations/", timeout=30)
            assert page.status_code == 503 and page.headers["Retry-After"] == "30"
            assert "Сервис временно недоступен" in page.text
            refused = _post(session, server, _question(region_id, "Во время перезапуска"))
            assert refused.status_code == 503 and "не сохранена" in refused.text
            api = requests.get(
                f"{server.url}/api/v1/consultations",
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
            assert api.status_code == 503 and api.json()["error"]["code"] == "unavailable"
            assert time.monotonic() - began < 20
        finally:
            postgres.start()

        smtp, mailbox = smtp_server()
        app.config["MAIL_PORT"] = smtp.port  # the mail server is up too
        assert session.get(f"{server.url}/consultations/", timeout=30).status_code == 200
        assert _post(session, server, _question(region_id, "После перезапуска")).status_code == 302
        wait_for(lambda: len(mailbox.messages) >= 2, "both e-mails", WAIT)
        wait_for_mail(app)
        time.sleep(0.5)
        with app.app_context():
            questions = db.session.scalars(sa.select(Consultation.question).order_by("id"))
            assert list(questions) == ["До перезапуска", "После перезапуска"]
            statuses = list(db.session.scalars(sa.select(Notification.email_status)))
            assert statuses == ["sent", "sent"]
        counts = _mail_counts(mailbox)
        assert sorted(counts.values()) == [1, 1] and {to for to, _ in counts} == {consultant}
    finally:
        _stop(app, server, *([smtp.stop] if smtp else []))
