"""Celery tasks of notifications."""

import smtplib

from celery import shared_task
from flask import current_app

from cxflow.core.db import utcnow
from cxflow.extensions import db
from cxflow.notifications import mail
from cxflow.notifications.models import Notification


@shared_task(
    name="cxflow.notifications.tasks.send_email",
    bind=True,
    max_retries=5,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=False,
)
def send_email(self, notification_id: int) -> str:
    """Send a notification's e-mail once; SMTP failures retry with backoff, then `failed`."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.email_status != "pending":
        return "skipped"  # already sent, or not wanted: running twice sends nothing twice
    link = notification.link
    if link.startswith("/"):
        link = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + link
    body = "\n\n".join(part for part in (notification.body, link) if part)
    notification.email_attempts += 1
    try:
        mail.send(notification.user.email, notification.title, body)
    except (smtplib.SMTPException, OSError) as exc:
        notification.email_error = f"{type(exc).__name__}: {exc}"[:2000]
        if self.request.retries >= self.max_retries:
            notification.email_status = "failed"
            db.session.commit()
            return "failed"
        db.session.commit()
        raise self.retry(exc=exc) from exc
    notification.email_status, notification.emailed_at = "sent", utcnow()
    notification.email_error = ""
    db.session.commit()
    return "sent"
