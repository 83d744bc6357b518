"""Periodic jobs of the index: checklists still missing as a period ends."""

from celery import shared_task

from cxflow.index.services.reminders import remind_unfilled
from cxflow.notifications.tasks import run_locked


@shared_task(name="cxflow.index.tasks.send_checklist_reminders")
def send_checklist_reminders() -> int | str:
    """Daily: each coordinator learns which offices have not filled which chosen indicators."""
    return run_locked("send_checklist_reminders", remind_unfilled, timeout=10 * 60)
