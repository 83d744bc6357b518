"""Celery tasks of notifications: sending one e-mail, and the periodic reminders and digests.

The periodic tasks run from beat (cxflow.config CELERY["beat_schedule"]). Each takes a Redis
lock while it runs, so that two beats or two workers never run the same one at once; without
Redis (eager mode: development, tests) there is nothing to race with and no lock.
"""

import smtplib
from collections.abc import Callable

import redis
from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from flask import current_app

from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.notifications import mail, reminders
from cxflow.notifications.models import Notification
from cxflow.notifications.services import COMMITTED_KEY


@shared_task(
    name="cxflow.notifications.tasks.send_email",
    bind=True,
    max_retries=5,
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=False,
)
def send_email(self, notification_id: int) -> str:
    """Send a notification's e-mail once; SMTP failures retry with exponential backoff
    (MAIL_RETRY_BACKOFF seconds doubled each time, MAIL_MAX_RETRIES times), then `failed`.

    In eager mode (no Redis) the retries run at once, in the same call.
    The status check makes a redelivered task (a worker died before acknowledging it) send
    nothing twice once the first run has committed `sent`."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.email_status != "pending":
        return "skipped"  # already sent, or not wanted: running twice sends nothing twice
    config = current_app.config
    max_retries = int(config.get("MAIL_MAX_RETRIES", self.max_retries))
    link = notification.link
    if link.startswith("/"):
        link = config.get("PUBLIC_BASE_URL", "").rstrip("/") + link
    body = "\n\n".join(part for part in (notification.body, link) if part)
    retries = self.request.retries
    while True:
        notification.email_attempts += 1
        try:
            mail.send(notification.user.email, notification.title, body)
            break
        except (smtplib.SMTPException, OSError) as exc:
            notification.email_error = f"{type(exc).__name__}: {exc}"[:2000]
            if retries >= max_retries:
                notification.email_status = "failed"  # listed at /admin/emails for a retry
                db.session.commit()
                return "failed"
            db.session.commit()
            if self.request.is_eager:  # no worker to retry later: try again at once
                retries += 1
                continue
            countdown = get_exponential_backoff_interval(
                factor=int(config.get("MAIL_RETRY_BACKOFF", self.retry_backoff)),
                retries=retries,
                maximum=self.retry_backoff_max,
                full_jitter=False,
            )
            raise self.retry(exc=exc, countdown=countdown, max_retries=max_retries) from exc
    notification.email_status, notification.emailed_at = "sent", utcnow()
    notification.email_error = ""
    db.session.commit()
    return "sent"


def run_locked(name: str, job: Callable[[], int], timeout: int = 30 * 60) -> int | str:
    """Run `job` and commit once, holding the Redis lock `cxflow:lock:<name>` (REDIS_URL set,
    not eager); "locked" when another run holds it. The lock expires after `timeout` seconds
    should a worker die holding it."""
    url = current_app.config.get("REDIS_URL")
    eager = current_app.extensions["celery"].conf.task_always_eager
    if not url or eager:
        count = job()
        db.session.commit()
        return count
    lock = redis.Redis.from_url(url).lock(f"cxflow:lock:{name}", timeout=timeout, blocking=False)
    if not lock.acquire():
        current_app.logger.info("%s is already running elsewhere: skipped", name)
        return "locked"
    try:
        count = job()
        db.session.commit()
        return count
    finally:
        try:
            lock.release()
        except redis.exceptions.LockError:  # expired meanwhile: someone else may hold it now
            current_app.logger.warning("the lock of %s expired before the job ended", name)


@shared_task(name="cxflow.notifications.tasks.send_deadline_reminders")
def send_deadline_reminders() -> int | str:
    """Daily: reminders N working days before a deadline and on the day."""
    return run_locked("send_deadline_reminders", reminders.deadline_reminders)


@shared_task(name="cxflow.notifications.tasks.send_overdue_digests")
def send_overdue_digests() -> int | str:
    """Daily: each responsible user's overdue list."""
    return run_locked("send_overdue_digests", reminders.overdue_digests)


@shared_task(name="cxflow.notifications.tasks.send_manager_digests")
def send_manager_digests() -> int | str:
    """Weekly: each manager's overdue summary of the region (once per ISO week)."""
    return run_locked("send_manager_digests", reminders.manager_digests)


def dispatch_emails() -> None:
    """Enqueue the e-mails of committed notifications (after a request, after a task)."""
    committed = db.session.info.pop(COMMITTED_KEY, None)
    for notification_id in sorted(committed or ()):
        send_email.delay(notification_id)
