"""Celery tasks of notifications: sending one e-mail, and the periodic reminders and digests.

The periodic tasks run from beat (cxflow.config CELERY["beat_schedule"]). Each takes a Redis
lock while it runs, so that two beats or two workers never run the same one at once; without
Redis (eager mode: development, tests) there is nothing to race with and no lock.
"""

from collections.abc import Callable

import kombu.exceptions
import redis
from celery import shared_task
from flask import current_app, has_request_context

from cxflow.core.extensions import db
from cxflow.notifications import outbox, reminders
from cxflow.notifications.services import COMMITTED_KEY


@shared_task(name="cxflow.notifications.tasks.send_email", bind=True, max_retries=None)
def send_email(self, notification_id: int) -> str:
    """One attempt at a notification's e-mail (cxflow.notifications.outbox): "sent",
    "skipped" (sent already, not wanted, or claimed by another sender: nothing is sent twice),
    "failed" after MAIL_MAX_RETRIES retries, else "pending" and, on a worker, a retry after
    MAIL_RETRY_BACKOFF seconds doubled each time. Run eagerly, the retry is left to the
    background sender, which honours the same wait."""
    outcome, wait = outbox.deliver(notification_id)
    if outcome == "pending" and not self.request.is_eager:
        raise self.retry(countdown=wait)
    return outcome


@shared_task(name="cxflow.notifications.tasks.sweep_pending_emails")
def sweep_pending_emails() -> int | str:
    """Every 5 minutes: e-mails still pending MAIL_SWEEP_AFTER seconds past due (the broker
    was down when they were queued, a worker died, SMTP kept failing) are sent now."""

    def sweep() -> int:
        grace = int(current_app.config["MAIL_SWEEP_AFTER"])
        return sum(outbox.deliver_due(grace_seconds=grace).values())

    return run_locked("sweep_pending_emails", sweep, timeout=10 * 60)


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
    """Start delivering the e-mails of committed notifications (after a request, after a
    task): a Celery task each with Redis; without it, this process's background sender when a
    request is being answered, else (a command, a task run in-process by hand) right here. A
    broker that cannot be reached is logged and the e-mails wait in the outbox for the sweep;
    the request answers normally."""
    committed = db.session.info.pop(COMMITTED_KEY, None)
    if not committed:
        return
    app = current_app._get_current_object()
    if not current_app.extensions["celery"].conf.task_always_eager:
        _enqueue(sorted(committed))
    elif outbox.shares_one_connection() or not has_request_context():
        _deliver_here(app)
    else:
        outbox.sender_of(app).wake()


def _enqueue(notification_ids: list[int]) -> None:
    for notification_id in notification_ids:
        try:
            send_email.delay(notification_id)
        except (kombu.exceptions.OperationalError, redis.RedisError, OSError) as exc:
            current_app.logger.warning(
                "E-mails %s stay in the outbox: the broker is unreachable (%s); "
                "the sweep sends them later",
                notification_ids,
                exc,
            )
            return


def _deliver_here(app) -> None:
    """The due e-mails, sent here in a session of their own: no request waits (a command
    exits when done, so a thread might never send), or the database is the in-memory SQLite
    of the tests, one connection for every thread, so no thread may have its own."""
    with app.app_context():
        try:
            outbox.deliver_due()
        finally:
            db.session.remove()
