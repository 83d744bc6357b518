"""Every domain's models, imported in one place so that Alembic and create_all see them all."""

from cxflow.auth.models import ApiToken
from cxflow.calendar.models import CalendarOverride
from cxflow.consultations.models import Consultation, ConsultationAttachment
from cxflow.notifications.models import EmailPreference, Notification
from cxflow.orgs.models import Office, Region
from cxflow.roadmaps.models import Activity, CalendarFeed, Deliverable, Pilot, PilotPhase
from cxflow.users.models import User
from cxflow.workflows.models import TransitionRecord

__all__ = [
    "Activity",
    "ApiToken",
    "CalendarFeed",
    "CalendarOverride",
    "Consultation",
    "ConsultationAttachment",
    "Deliverable",
    "EmailPreference",
    "Notification",
    "Office",
    "Pilot",
    "PilotPhase",
    "Region",
    "TransitionRecord",
    "User",
]
