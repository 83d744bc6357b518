"""The e-mail outbox: a pending e-mail is a `notifications` row written in the transaction that
created it, with a due time. Delivery starts only after the commit and never on a request's
path: a Celery worker (REDIS_URL set) or this process's background sender (no Redis). A sender
claims a row with a conditional UPDATE before it talks SMTP, so two senders racing (a worker
and the sweep, two web processes) send an e-mail once; no transaction is open while SMTP runs.
"""

import datetime as dt
import smtplib
import threading
from dataclasses import dataclass

import sqlalchemy as sa
from celery.utils.time import get_exponential_backoff_interval
from flask import Flask, current_app
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.notifications import mail
from cxflow.notifications.models import Notification
from cxflow.users.models import User


@dataclass(frozen=True)
class Letter:
    """What a claimed e-mail needs once the transaction is over."""

    notification_id: int
    to: str
    subject: str
    body: str
    attempts: int
    lease: dt.datetime


def _config(name: str) -> int:
    return int(current_app.config[name])


def _unclaimed(now: dt.datetime) -> sa.ColumnElement:
    claimed_until = Notification.email_claimed_until
    return sa.or_(claimed_until.is_(None), claimed_until < now)


def _update(notification_id: int) -> sa.Update:
    return (
        sa.update(Notification)
        .where(Notification.id == notification_id)
        .execution_options(synchronize_session=False)
    )


def claim(notification_id: int) -> Letter | None:
    """Take a pending, unclaimed e-mail for MAIL_CLAIM_SECONDS and commit the claim; None when
    it is sent already, not wanted, or another sender holds it."""
    now = utcnow()
    lease = now + dt.timedelta(seconds=_config("MAIL_CLAIM_SECONDS"))
    taken = db.session.execute(
        _update(notification_id)
        .where(Notification.email_status == "pending", _unclaimed(now))
        .values(email_claimed_until=lease)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        return None
    row = db.session.execute(
        sa.select(
            Notification.title,
            Notification.body,
            Notification.link,
            Notification.email_attempts,
            User.email,
        )
        .join(User, User.id == Notification.user_id)
        .where(Notification.id == notification_id)
    ).one()
    db.session.commit()  # the claim is seen by every other sender; the connection goes back
    link = row.link
    if link.startswith("/"):
        link = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + link
    body = "\n\n".join(part for part in (row.body, link) if part)
    return Letter(notification_id, row.email, row.title, body, row.email_attempts, lease)


def retry_delay(attempts: int) -> int:
    """Seconds before retry number `attempts`: MAIL_RETRY_BACKOFF doubled each time, at most an
    hour."""
    return int(
        get_exponential_backoff_interval(
            factor=_config("MAIL_RETRY_BACKOFF"),
            retries=attempts - 1,
            maximum=3600,
            full_jitter=False,
        )
    )


def record(letter: Letter, error: Exception | None) -> tuple[str, int]:
    """Store the outcome of one attempt on the row the letter claimed: ("sent", 0),
    ("pending", seconds to the retry) or ("failed", 0) after MAIL_MAX_RETRIES retries."""
    now, attempts = utcnow(), letter.attempts + 1
    values: dict = {"email_attempts": attempts, "email_claimed_until": None}
    if error is None:
        outcome, wait = "sent", 0
        values |= {"email_status": "sent", "emailed_at": now, "email_error": ""}
    else:
        values["email_error"] = f"{type(error).__name__}: {error}"[:2000]
        if attempts > _config("MAIL_MAX_RETRIES"):
            outcome, wait = "failed", 0  # listed at /admin/emails for a retry
            values["email_status"] = "failed"
        else:
            outcome, wait = "pending", retry_delay(attempts)
            values["email_due_at"] = now + dt.timedelta(seconds=wait)
    db.session.execute(
        _update(letter.notification_id)
        .where(
            Notification.email_status == "pending",
            Notification.email_claimed_until == letter.lease,
        )
        .values(**values)
    )
    db.session.commit()
    return outcome, wait


def deliver(notification_id: int) -> tuple[str, int]:
    """One attempt at one e-mail: ("skipped", 0) when there is nothing to do, else the outcome
    of record(). SMTP waits at most MAIL_TIMEOUT seconds per exchange."""
    letter = claim(notification_id)
    if letter is None:
        return "skipped", 0
    try:
        mail.send(letter.to, letter.subject, letter.body)
    except (smtplib.SMTPException, OSError) as exc:  # refused, unreachable, timed out
        current_app.logger.warning("E-mail %s not sent: %s", notification_id, exc)
        return record(letter, exc)
    return record(letter, None)


def due(grace_seconds: int = 0) -> sa.Select:
    """Pending, unclaimed e-mails due `grace_seconds` ago or earlier, oldest first."""
    now = utcnow()
    cutoff = now - dt.timedelta(seconds=grace_seconds)
    return (
        sa.select(Notification.id)
        .where(
            Notification.email_status == "pending",
            Notification.email_due_at <= cutoff,
            _unclaimed(now),
        )
        .order_by(Notification.email_due_at, Notification.id)
    )


def deliver_due(grace_seconds: int = 0, limit: int = 200) -> dict[str, int]:
    """Send the due e-mails one by one (at most `limit` attempts); a retry due at once (backoff
    0) is tried again in the same run. Returns how many attempts ended how."""
    outcomes: dict[str, int] = {}
    for _ in range(limit):
        notification_id = db.session.scalar(due(grace_seconds).limit(1))
        db.session.rollback()  # no transaction open while SMTP runs
        if notification_id is None:
            break
        outcome, _wait = deliver(notification_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def seconds_to_next_due() -> float | None:
    """When the next pending e-mail falls due (or its claim lapses); None: nothing pending."""
    next_at = db.session.scalar(
        sa.select(
            sa.func.min(
                sa.func.coalesce(Notification.email_claimed_until, Notification.email_due_at)
            )
        ).where(Notification.email_status == "pending")
    )
    db.session.rollback()
    if next_at is None:
        return None
    if next_at.tzinfo is None:  # SQLite keeps no time zone; every stored time is UTC
        next_at = next_at.replace(tzinfo=dt.UTC)
    return max(0.0, (next_at - utcnow()).total_seconds())


def shares_one_connection() -> bool:
    """An in-memory SQLite database is one connection shared by every thread (the tests'
    default): a second thread cannot have a connection of its own, and no pool can run dry."""
    return isinstance(db.engine.pool, StaticPool | SingletonThreadPool)


class Sender:
    """This process's sender without Redis: one daemon thread with its own app context, so its
    own session and pooled connection. It is woken after a commit that queued e-mails, and
    wakes by itself when a retry falls due (at least every MAIL_SENDER_POLL seconds)."""

    def __init__(self, app: Flask):
        self.app = app
        self._wake = threading.Event()
        self._lock = threading.Condition()
        self._asked = self._served = 0
        self._stopped = False
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        with self._lock:
            self._asked += 1
            self._stopped = False
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="cxflow-mail-sender", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def wait_idle(self, timeout: float = 30) -> bool:
        """Wait until every wake-up so far has been served (tests, shutdown)."""
        with self._lock:
            asked = self._asked
            return self._lock.wait_for(lambda: self._served >= asked, timeout)

    def stop(self, timeout: float = 30) -> None:
        """Finish the current e-mail and end the thread (tests; a process shutting down)."""
        self._stopped = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        pause = 0.0
        while True:
            self._wake.wait(timeout=pause)
            self._wake.clear()
            if self._stopped:
                return
            with self._lock:
                asked = self._asked
            pause = self._pass()
            with self._lock:
                self._served = max(self._served, asked)
                self._lock.notify_all()

    def _pass(self) -> float:
        """Send what is due; the seconds until the next look."""
        with self.app.app_context():
            poll = float(self.app.config["MAIL_SENDER_POLL"])
            try:
                deliver_due()
                next_due = seconds_to_next_due()
            except Exception:  # the database is down: log it and look again later
                self.app.logger.exception("the e-mail sender could not reach the database")
                return poll
            finally:
                db.session.remove()
        return poll if next_due is None else min(poll, max(next_due, 0.05))


_SENDERS_LOCK = threading.Lock()


def sender_of(app: Flask) -> Sender:
    """The app's one sender (request threads ask for it at the same moment)."""
    with _SENDERS_LOCK:
        sender = app.extensions.get("cxflow_mail_sender")
        if sender is None:
            sender = app.extensions["cxflow_mail_sender"] = Sender(app)
        return sender
