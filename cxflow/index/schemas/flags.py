"""The JSON shapes of the review queue of flagged survey answers (API.md "Review of flagged
answers")."""

import marshmallow as ma

from cxflow.core.api import PageArgs, Timestamp
from cxflow.index.models.surveys import FlagStatus
from cxflow.index.services.review import DECISIONS


class FlagListArgs(PageArgs):
    region_code = ma.fields.String(validate=ma.validate.Length(max=2))
    status = ma.fields.String(validate=ma.validate.OneOf([s.value for s in FlagStatus]))


class FlagDecision(ma.Schema):
    decision = ma.fields.String(required=True, validate=ma.validate.OneOf(list(DECISIONS)))
    comment = ma.fields.String(load_default="", allow_none=True)


class FlagSchema(ma.Schema):
    id = ma.fields.Integer()
    response_id = ma.fields.Integer()
    office_id = ma.fields.Integer()
    reasons = ma.fields.List(
        ma.fields.String(), metadata={"description": "burst | identical | too_fast | off_hours"}
    )
    status = ma.fields.Function(lambda f: f.status.value)
    created_at = Timestamp()
    decided_at = Timestamp(allow_none=True)
    decided_by = ma.fields.Function(
        lambda f: f.decided_by.full_name if f.decided_by else None, allow_none=True
    )
    comment = ma.fields.String()
