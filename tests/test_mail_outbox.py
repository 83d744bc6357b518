"""The e-mail outbox (#18 defects 3, 9, 10): mail is written with the request's transaction
and sent after the commit, never on the request's path; claims make every e-mail go once."""

import datetime as dt
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from cxflow.app import create_app
from cxflow.config import TestConfig
from cxflow.consultations.models import Consultation
from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.notifications import outbox
from cxflow.notifications.models import Notification
from cxflow.notifications.services import notify
from cxflow.notifications.tasks import sweep_pending_emails
from tests.factories import PASSWORD, RegionFactory, UserFactory
from tests.helpers import config_with, free_port, inbox, wait_for_mail
from tests.real_services import (
    LiveServer,
    PostgresCluster,
    SilentSmtp,
    smtp_server,
    wait_for,
)

PARALLEL = 20  # the issue saw 16 fail; the pool holds 5 + 10 connections


def _question(region_id: int, text: str) -> dict:
    return {
        "region_id": region_id,
        "direction": "journey",
        "received_on": "2026-11-20",
        "question": text,
    }


def _app(database_url: str, **overrides):
    """An app of the test's own on `database_url`, tasks in-process (no Redis)."""
    app = create_app(
        config_with(SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_ENABLED=False, **overrides)
    )
    with app.app_context():
        db.create_all()
    return app


def _asker_and_consultants(consultants: int = 2):
    region = RegionFactory(code="52")
    asker = UserFactory(role="working_group_member", region=region)
    federal = [UserFactory(role="federal_consultant", region=None) for _ in range(consultants)]
    db.session.commit()
    return region, asker, federal


def _close(app) -> None:
    sender = app.extensions.get("cxflow_mail_sender")
    if sender is not None:
        sender.stop()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def postgres():
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.remove()


def test_parallel_questions_on_postgresql_send_every_email_once(postgres, tmp_path):
    """Defect 3: 20 parallel «new question» POSTs through a real server, tasks in-process:
    no 5xx, 16 questions, each consultant's e-mail of each question sent exactly once."""
    smtp, mailbox = smtp_server()
    app = _app(
        postgres.create_database("parallel_questions"),
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        UPLOAD_FOLDER=str(tmp_path),
    )
    server = None
    try:
        with app.app_context():
            region, asker, consultants = _asker_and_consultants()
            region_id, asker_email = region.id, asker.email
            recipients = sorted(c.email for c in consultants)
        server = LiveServer(app)
        signed_in = requests.Session()
        login = signed_in.post(
            f"{server.url}/auth/login",
            data={"email": asker_email, "password": PASSWORD},
            allow_redirects=False,
        )
        assert login.status_code == 302
        start = threading.Barrier(PARALLEL)

        def ask(number: int):
            client = requests.Session()
            client.cookies.update(signed_in.cookies)
            start.wait()
            began = time.monotonic()
            response = client.post(
                f"{server.url}/consultations/new",
                data=_question(region_id, f"Вопрос №{number}"),
                allow_redirects=False,
                timeout=120,
            )
            return response.status_code, time.monotonic() - began

        with ThreadPoolExecutor(PARALLEL) as pool:
            answers = list(pool.map(ask, range(PARALLEL)))
        assert [status for status, _ in answers] == [302] * PARALLEL
        assert max(seconds for _, seconds in answers) < 20
        expected = PARALLEL * len(recipients)
        wait_for(lambda: len(mailbox.messages) >= expected, "every e-mail", 60)
        wait_for_mail(app)
        time.sleep(0.5)  # a duplicate would arrive now
        sent = Counter((m["To"], m.get_payload(decode=True).decode()) for m in mailbox.messages)
        assert len(mailbox.messages) == expected and set(sent.values()) == {1}
        assert sorted({to for to, _ in sent}) == recipients
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(Consultation.id))) == PARALLEL
            statuses = Counter(db.session.scalars(sa.select(Notification.email_status)))
            assert statuses == {"sent": expected}
    finally:
        if server is not None:
            server.stop()
        smtp.stop()
        _close(app)


def test_two_senders_racing_send_an_email_once(app, world):
    """The claim is a conditional UPDATE: a second sender finds the row taken."""
    notification = notify(world.manager, "answer", "answer:race", "Ответ")
    db.session.commit()
    db.session.info.pop("cxflow_committed_emails", None)
    letter = outbox.claim(notification.id)
    assert letter is not None and letter.to == world.manager.email
    assert outbox.claim(notification.id) is None  # the other sender
    assert outbox.deliver(notification.id) == ("skipped", 0)
    assert outbox.record(letter, None) == ("sent", 0)
    assert outbox.deliver(notification.id) == ("skipped", 0)  # sent: nothing to do


def test_a_wrong_redis_url_answers_and_keeps_the_email(tmp_path, caplog):
    """Defect 9: with an unreachable broker the question is saved and answered normally; its
    e-mail waits in the outbox, is shown to admins as late, and the sweep sends it."""
    broker = f"redis://127.0.0.1:{free_port()}/0"
    celery = {**TestConfig.CELERY, "broker_url": broker, "task_always_eager": False}
    smtp, mailbox = smtp_server()
    app = _app(
        f"sqlite:///{tmp_path / 'broker_down.sqlite3'}",
        REDIS_URL=broker,
        CELERY=celery,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
    )
    try:
        with app.app_context():
            region, asker, (consultant,) = _asker_and_consultants(consultants=1)
            admin = UserFactory(role="admin", region=None)
            db.session.commit()
            client = app.test_client()
            client.post("/auth/login", data={"email": asker.email, "password": PASSWORD})
            began = time.monotonic()
            response = client.post("/consultations/new", data=_question(region.id, "Вопрос"))
            assert response.status_code == 302
            assert time.monotonic() - began < 10
            assert "stay in the outbox" in caplog.text
            (notification,) = inbox(consultant)
            assert notification.email_status == "pending" and mailbox.messages == []

            client.post("/auth/logout")
            client.post("/auth/login", data={"email": admin.email, "password": PASSWORD})
            page = client.get("/admin/emails").get_data(as_text=True)
            assert "late-emails" not in page  # not late yet: the sweep waits MAIL_SWEEP_AFTER
            app.config["MAIL_SWEEP_AFTER"] = 0
            page = client.get("/admin/emails").get_data(as_text=True)
            assert 'id="late-emails"' in page and consultant.email in page

            assert outbox.deliver_due(grace_seconds=0) == {"sent": 1}  # what the sweep runs
            db.session.expire_all()
            assert inbox(consultant)[0].email_status == "sent"
            assert [m["To"] for m in mailbox.messages] == [consultant.email]
    finally:
        smtp.stop()
        _close(app)


def test_the_sweep_sends_only_late_emails(app, world, monkeypatch):
    smtp, mailbox = smtp_server()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SWEEP_AFTER=300)
    try:
        fresh = notify(world.manager, "answer", "answer:fresh", "Свежий")
        late = notify(world.admin, "answer", "answer:late", "Забытый")
        late.email_due_at = utcnow() - dt.timedelta(minutes=6)
        db.session.commit()
        db.session.info.pop("cxflow_committed_emails", None)  # as if the enqueue was lost
        assert sweep_pending_emails.delay().get() == 1
        db.session.expire_all()
        assert (fresh.email_status, late.email_status) == ("pending", "sent")
        assert [m["To"] for m in mailbox.messages] == [world.admin.email]
    finally:
        smtp.stop()
    schedule = app.extensions["celery"].conf.beat_schedule
    assert {e["task"] for e in schedule.values()} >= {sweep_pending_emails.name}


def test_the_send_emails_command_flushes_the_outbox(app, world):
    """Without Redis there is no beat: a cron job can run `flask cxflow send-emails`."""
    smtp, mailbox = smtp_server()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    try:
        notify(world.manager, "answer", "answer:cli", "Ответ")
        db.session.commit()
        db.session.info.pop("cxflow_committed_emails", None)  # left by a process that stopped
        result = app.test_cli_runner().invoke(args=["cxflow", "send-emails"])
        assert result.exit_code == 0 and "1 sent" in result.output
        again = app.test_cli_runner().invoke(args=["cxflow", "send-emails"])
        assert "none due" in again.output
        assert [m["To"] for m in mailbox.messages] == [world.manager.email]
    finally:
        smtp.stop()


def test_a_silent_smtp_server_never_holds_the_request(tmp_path):
    """Defect 10: an SMTP server that accepts and never answers. The request answers at
    once; the sender gives up after MAIL_TIMEOUT, the e-mail stays pending, and it is sent
    once the SMTP server works."""
    silent = SilentSmtp()
    app = _app(
        f"sqlite:///{tmp_path / 'silent_smtp.sqlite3'}",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=silent.port,
        MAIL_TIMEOUT=2,
        MAIL_RETRY_BACKOFF=1,
    )
    smtp = None
    try:
        with app.app_context():
            region, asker, (consultant,) = _asker_and_consultants(consultants=1)
            client = app.test_client()
            client.post("/auth/login", data={"email": asker.email, "password": PASSWORD})
            began = time.monotonic()
            response = client.post("/consultations/new", data=_question(region.id, "Вопрос"))
            assert response.status_code == 302
            assert time.monotonic() - began < 1.5  # MAIL_TIMEOUT is 2 s: not waited for

            def timed_out() -> bool:
                db.session.expire_all()
                return inbox(consultant)[0].email_attempts >= 1

            wait_for(timed_out, "the first attempt to time out", 30)
            notification = inbox(consultant)[0]
            assert notification.email_status == "pending"
            assert "timed out" in notification.email_error.lower()

            silent.close()
            smtp, mailbox = smtp_server()
            app.config["MAIL_PORT"] = smtp.port  # the SMTP server works again
            wait_for(lambda: mailbox.messages, "the retried e-mail", 30)
            time.sleep(1.5)  # another retry would be due by now
            wait_for_mail(app)
            assert [m["To"] for m in mailbox.messages] == [consultant.email]
            assert inbox(consultant)[0].email_status == "sent"
    finally:
        silent.close()
        if smtp is not None:
            smtp.stop()
        _close(app)
