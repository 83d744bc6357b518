"""Every domain's models, imported in one place so that Alembic and create_all see them all."""

from cxflow.auth.models import ApiToken
from cxflow.calendar.models import CalendarOverride
from cxflow.orgs.models import Office, Region
from cxflow.roadmaps.models import Activity, CalendarFeed, Deliverable, Pilot, PilotPhase
from cxflow.users.models import User
from cxflow.workflows.models import TransitionRecord

__all__ = [
    "Activity",
    "ApiToken",
    "CalendarFeed",
    "CalendarOverride",
    "Deliverable",
    "Office",
    "Pilot",
    "PilotPhase",
    "Region",
    "TransitionRecord",
    "User",
]
