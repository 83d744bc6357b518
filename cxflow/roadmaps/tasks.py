"""Periodic jobs of roadmaps: lines whose artefact's day has come."""

from celery import shared_task

from cxflow.notifications.tasks import run_locked
from cxflow.roadmaps.services import sync_waiting_pilots


@shared_task(name="cxflow.roadmaps.tasks.sync_waiting_pilots")
def sync_roadmaps_with_work() -> int | str:
    """Daily, before the deadline reminders: a meeting planned for today closes its line today."""
    return run_locked("sync_waiting_pilots", sync_waiting_pilots, timeout=10 * 60)
