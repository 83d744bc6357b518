"""The JSON shapes of expert verification (API.md "Verification"): samples of a period's
checklists drawn with a recorded seed, and verdicts on their parameters."""

import marshmallow as ma

from cxflow.core.api import Timestamp
from cxflow.index.models.index import Verdict
from cxflow.index.services.verification import MAX_SEED

SEED = ma.fields.Integer(
    load_default=None,
    validate=ma.validate.Range(min=0, max=MAX_SEED),
    metadata={
        "description": "Repeat a draw: the same seed over the same checklists gives the same "
        "sample. Default: a new random seed (Python's `secrets`), returned and kept"
    },
)


class SampleBody(ma.Schema):
    size = ma.fields.Integer(
        load_default=None,
        validate=ma.validate.Range(min=1),
        metadata={"description": "How many checklists (or give `share`)"},
    )
    share = ma.fields.Float(
        load_default=None,
        validate=ma.validate.Range(min=0, max=1, min_inclusive=False),
        metadata={"description": "Their share, (0, 1], rounded up"},
    )
    seed = SEED


class VerificationSampleBody(ma.Schema):
    """API.md's `POST /index/verification-samples`: the period by its region and dates."""

    region_code = ma.fields.String(
        load_default=None,
        validate=ma.validate.Length(max=2),
        metadata={"description": "Default: the caller's own region (required for federal roles)"},
    )
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    size = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=1))
    share = ma.fields.Float(
        load_default=None, validate=ma.validate.Range(min=0, max=1, min_inclusive=False)
    )
    seed = SEED


class SampledItemSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    implemented = ma.fields.Boolean()
    evidence_url = ma.fields.String()
    evidence_file = ma.fields.Function(
        lambda i: i.evidence_name if i.evidence_key else None,
        allow_none=True,
        metadata={"description": "The name of an uploaded photo, screenshot or PDF"},
    )
    verdict = ma.fields.Function(
        lambda i: i.verdict.value if i.verdict else None,
        allow_none=True,
        metadata={"description": "confirmed | refuted | null (not checked)"},
    )
    verdict_comment = ma.fields.String()
    verdict_by = ma.fields.Function(
        lambda i: i.verdict_by.full_name if i.verdict_by else None, allow_none=True
    )
    verdict_at = Timestamp(allow_none=True)


class SampledChecklistSchema(ma.Schema):
    id = ma.fields.Integer()
    office_id = ma.fields.Integer()
    office_name = ma.fields.Function(lambda c: c.office.name)
    period_id = ma.fields.Integer()
    indicator_key = ma.fields.String()
    methodology_version = ma.fields.Integer()
    score = ma.fields.Float()
    max = ma.fields.Float()
    values = ma.fields.Dict()
    items = ma.fields.List(ma.fields.Nested(SampledItemSchema))


class SampleSchema(ma.Schema):
    id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    period_id = ma.fields.Integer()
    seed = ma.fields.Integer(
        metadata={"description": "random.Random(seed).sample(ids sorted, size)"}
    )
    size = ma.fields.Integer()
    checklist_ids = ma.fields.List(
        ma.fields.Integer(), metadata={"description": "In the order drawn"}
    )
    drawn_at = Timestamp()
    drawn_by = ma.fields.Function(
        lambda s: s.drawn_by.full_name if s.drawn_by else None, allow_none=True
    )


class SampleWithChecklistsSchema(SampleSchema):
    checklists = ma.fields.List(
        ma.fields.Nested(SampledChecklistSchema),
        metadata={
            "description": "The drawn checklists with their parameters, evidence and verdicts"
        },
    )


class VerdictBody(ma.Schema):
    verdict = ma.fields.String(
        required=True, validate=ma.validate.OneOf([v.value for v in Verdict])
    )
    comment = ma.fields.String(
        load_default="", metadata={"description": "Required for `refuted` (422 `comment`)"}
    )


class VerificationMark(ma.Schema):
    code = ma.fields.String(required=True)
    confirmed = ma.fields.Boolean(required=True)
    comment = ma.fields.String(load_default="")


class ChecklistVerificationBody(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(VerificationMark), required=True)
