"""Roadmap lines as a source of deadline reminders and overdue digests (cxflow.notifications)."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from cxflow.notifications.reminders import DeadlineSource
from cxflow.roadmaps.models import Activity, ActivityKind
from cxflow.roadmaps.services import CLOSED_STATUSES


def _label(activity: Activity) -> str:
    return f"{activity.number} {activity.title} ({activity.pilot.title})"


ACTIVITIES = DeadlineSource(
    name="activity",
    model=Activity,
    open_clause=lambda: sa.and_(
        Activity.status.not_in(CLOSED_STATUSES), Activity.kind != ActivityKind.heading
    ),
    label=_label,
    link=lambda a: f"/pilots/{a.pilot_id}#activity-{a.id}",
    load=(selectinload(Activity.pilot),),
)
