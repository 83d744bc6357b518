"""Periodic housekeeping for API tokens."""

from celery import shared_task

from cxflow.auth import services
from cxflow.core.extensions import db


@shared_task(name="cxflow.auth.tasks.purge_expired_tokens")
def purge_expired_tokens() -> int:
    """Delete expired API tokens (beat runs it hourly; running it twice is harmless)."""
    removed = services.purge_expired_tokens()
    db.session.commit()
    return removed
