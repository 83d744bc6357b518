"""Every domain's models, imported in one place so that Alembic and create_all see them all."""

from cxflow.auth.models import ApiToken
from cxflow.calendar.models import CalendarOverride
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User

__all__ = ["ApiToken", "CalendarOverride", "Office", "Region", "User"]
