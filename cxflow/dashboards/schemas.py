"""The JSON shapes of the dashboards API."""

import marshmallow as ma

from cxflow.core.api import Id, PageArgs
from cxflow.dashboards.services import TIERS
from cxflow.solutions.models import Tier


class QuickWinArgs(PageArgs):
    overdue = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Only overdue ones (due before today in their region)"},
    )
    open = ma.fields.Boolean(
        load_default=False, metadata={"description": "Only open ones (not done or cancelled)"}
    )
    region_code = ma.fields.String(metadata={"description": "An unknown code matches nothing"})
    pilot_id = Id()
    owner = ma.fields.String(metadata={"description": "Part of the owner's name"})
    tier = ma.fields.String(
        load_default="quick_win",
        validate=ma.validate.OneOf(TIERS),
        metadata={"description": "quick_win (default), long_term, deferred, or any"},
    )


class QuickWinSchema(ma.Schema):
    id = ma.fields.Integer()
    region_code = ma.fields.String(attribute="pilot.region.code")
    pilot_id = ma.fields.Integer()
    pilot_title = ma.fields.String(attribute="pilot.title")
    stage = ma.fields.Function(
        lambda s: s.stage.title if s.stage else None,
        allow_none=True,
        metadata={"type": "string", "description": "The journey stage's title"},
    )
    solution = ma.fields.String()
    owner = ma.fields.String()
    owner_user_id = ma.fields.Integer(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    ongoing = ma.fields.Boolean()
    tier = ma.fields.String(metadata={"enum": [t.value for t in Tier]})
    status = ma.fields.String()
    days_overdue = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "Calendar days past the due date; null when not overdue"},
    )
