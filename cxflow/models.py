"""Every domain's models, imported in one place so that Alembic and create_all see them all."""

from cxflow.auth.models import ApiToken
from cxflow.calendar.models import CalendarOverride
from cxflow.catalogue.models import CatalogueEntry
from cxflow.clients.models import ClientKpi, ClientProfile, ProfileRevision
from cxflow.consultations.models import Consultation, ConsultationAttachment
from cxflow.index.models.index import (
    Annulment,
    Checklist,
    ChecklistItem,
    IndexPeriod,
    IndicatorSelection,
    IndicatorSuspension,
    VerificationSample,
)
from cxflow.index.models.surveys import SurveyFlag, SurveyResponse
from cxflow.journeys.models import Journey, JourneyStage, Measurement, PainPoint, Touchpoint
from cxflow.maturity.models.assessments import (
    MaturityAnswer,
    MaturityAssessment,
    MaturityCalibration,
    MaturityCalibrationAnswer,
)
from cxflow.maturity.models.controls import MaturityControl, MaturityNextStep, RegionMaturity
from cxflow.maturity.models.events import CompetenceEvent
from cxflow.methodology.models import MethodologyVersion
from cxflow.notifications.models import EmailPreference, Notification
from cxflow.orgs.models import Office, Region
from cxflow.pilots.models import Deliverable, Pilot, PilotPhase
from cxflow.roadmaps.models import Activity, CalendarFeed
from cxflow.solutions.models import Solution
from cxflow.users.models import User
from cxflow.workflows.models import TransitionRecord
from cxflow.working_groups.models import Meeting, Member

__all__ = [
    "Activity",
    "Annulment",
    "ApiToken",
    "CalendarFeed",
    "CalendarOverride",
    "CatalogueEntry",
    "Checklist",
    "ChecklistItem",
    "ClientKpi",
    "ClientProfile",
    "CompetenceEvent",
    "Consultation",
    "ConsultationAttachment",
    "Deliverable",
    "EmailPreference",
    "IndexPeriod",
    "IndicatorSelection",
    "IndicatorSuspension",
    "Journey",
    "JourneyStage",
    "MaturityAnswer",
    "MaturityAssessment",
    "MaturityCalibration",
    "MaturityCalibrationAnswer",
    "MaturityControl",
    "MaturityNextStep",
    "Measurement",
    "Meeting",
    "Member",
    "MethodologyVersion",
    "Notification",
    "Office",
    "PainPoint",
    "Pilot",
    "PilotPhase",
    "ProfileRevision",
    "Region",
    "RegionMaturity",
    "Solution",
    "SurveyFlag",
    "SurveyResponse",
    "Touchpoint",
    "TransitionRecord",
    "User",
    "VerificationSample",
]
