"""The JSON shapes of an office's and a region's index (API.md "Customer-centricity index":
`GET /api/v1/offices/{id}/index`), and the bodies of the federal decisions on an office's
points (annul, reverse)."""

import marshmallow as ma

from cxflow.core.api import Timestamp
from cxflow.index.schemas.periods import PeriodRefSchema
from cxflow.index.services.index import RESPONDENTS, IndicatorResult
from cxflow.index.services.scores import OfficeScores, suspension_reasons
from cxflow.index.services.scoring import Share


class IndexPeriodArgs(ma.Schema):
    start = ma.fields.Date(
        data_key="from",
        load_default=None,
        metadata={
            "description": "First day of the period. With `to`: the region's index period of "
            "exactly these dates if it has one, else the answers of those days only (nothing "
            "chosen, no objective part). Without both: the region's latest period"
        },
    )
    end = ma.fields.Date(data_key="to", load_default=None, metadata={"description": "Last day"})

    @ma.validates_schema
    def _both_or_none(self, data, **_kwargs):
        start, end = data.get("start"), data.get("end")
        if start is None and end is not None:
            raise ma.ValidationError("Give the first day of the period too.", "from")
        if end is None and start is not None:
            raise ma.ValidationError("Give the last day of the period too.", "to")
        if start and end and end < start:
            raise ma.ValidationError("The period ends before it starts.", "to")


class ShareSchema(ma.Schema):
    positive_share = ma.fields.Float(
        allow_none=True,
        metadata={"description": "Answers 8–10 among the answers given (null: none given)"},
    )
    positive = ma.fields.Integer()
    responses = ma.fields.Integer(metadata={"description": "The answers given (n)"})
    too_few = ma.fields.Boolean(
        metadata={"description": "Below the minimum: shown, left out of totals and comparisons"}
    )


class SubjectiveSchema(ShareSchema):
    by_respondent = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Nested(ShareSchema),
        metadata={"description": "seeker and employer apart; the share above pools them"},
    )


class ObjectiveSchema(ma.Schema):
    score = ma.fields.Float(allow_none=True, metadata={"description": "null: not filled"})
    max = ma.fields.Float()
    chosen = ma.fields.Boolean(metadata={"description": "The region chose it for the period"})
    filled = ma.fields.Boolean(metadata={"description": "A checklist was filed"})
    checklist_id = ma.fields.Integer(allow_none=True)


class IndicatorScoreSchema(ma.Schema):
    number = ma.fields.String()
    group = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String(metadata={"description": "subjective | objective | both"})
    level = ma.fields.String(metadata={"description": "office | managing_office"})
    subjective = ma.fields.Nested(
        SubjectiveSchema, allow_none=True, metadata={"description": "null: no scored answers"}
    )
    distribution = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer()),
        allow_none=True,
        metadata={"description": "Q14 (multichannel): answers per channel and respondent"},
    )
    objective = ma.fields.Nested(
        ObjectiveSchema, allow_none=True, metadata={"description": "null: no objective part"}
    )
    score = ma.fields.Float(
        allow_none=True, metadata={"description": "null: nothing counts (left out, not 0)"}
    )
    max = ma.fields.Float(allow_none=True)
    suspended = ma.fields.Boolean()
    suspension_reason = ma.fields.String(allow_none=True)


class DecisionSchema(ma.Schema):
    id = ma.fields.Integer()
    reason = ma.fields.String()
    decided_at = Timestamp()
    decided_by = ma.fields.Function(
        lambda a: a.decided_by.full_name if a.decided_by else None, allow_none=True
    )


def _indicators():
    return ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(IndicatorScoreSchema))


class OfficeIndexSchema(ma.Schema):
    office_id = ma.fields.Integer()
    office_name = ma.fields.String()
    region_id = ma.fields.Integer()
    is_managing_office = ma.fields.Boolean()
    period = ma.fields.Nested(PeriodRefSchema)
    methodology_key = ma.fields.String()
    methodology_version = ma.fields.Integer(
        metadata={"description": "The version the period is scored with"}
    )
    minimum = ma.fields.Integer(metadata={"description": "The minimum number of answers"})
    indicators = _indicators()
    regional_indicators = _indicators()
    total = ma.fields.Float(
        allow_none=True,
        metadata={"description": "Weighted mean of the scores normalised to their maxima × 100"},
    )
    baseline_period = ma.fields.Nested(PeriodRefSchema, allow_none=True)
    baseline_total = ma.fields.Float(allow_none=True)
    change = ma.fields.Float(
        allow_none=True, metadata={"description": "total − baseline_total (seed 002's index)"}
    )
    annulled = ma.fields.Boolean()
    annulment = ma.fields.Nested(DecisionSchema, allow_none=True)


class DecisionBody(ma.Schema):
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    reason = ma.fields.String(
        load_default="", metadata={"description": "Why (required: 422 `reason` when blank)"}
    )


class RevokeBody(ma.Schema):
    reason = ma.fields.String(load_default="")


class AnnulmentSchema(DecisionSchema):
    office_id = ma.fields.Integer()
    period_id = ma.fields.Integer()
    action = ma.fields.Function(
        lambda a: a.action.value, metadata={"description": "annul | reverse"}
    )


class DecisionRowSchema(ma.Schema):
    """One decision of `verification.office_history` (a `Decision`)."""

    id = ma.fields.Integer(attribute="annulment.id")
    office_id = ma.fields.Integer(attribute="annulment.office_id")
    period = ma.fields.Nested(PeriodRefSchema)
    action = ma.fields.Function(
        lambda d: d.annulment.action.value, metadata={"description": "annul | reverse"}
    )
    reason = ma.fields.String(attribute="annulment.reason")
    decided_at = Timestamp(attribute="annulment.decided_at")
    decided_by = ma.fields.Function(
        lambda d: d.annulment.decided_by.full_name if d.annulment.decided_by else None,
        allow_none=True,
    )


# --- bodies -------------------------------------------------------------------------------------


def share_body(share: Share) -> dict:
    return {
        "positive_share": share.share,
        "positive": share.positive,
        "responses": share.responses,
        "too_few": share.too_few,
    }


def indicator_body(result: IndicatorResult, reasons: dict) -> dict:
    indicator = result.indicator
    subjective = None
    if indicator.has_subjective and result.subjective is not None:
        subjective = share_body(result.subjective) | {
            "by_respondent": {r: share_body(result.by_respondent[r]) for r in RESPONDENTS}
        }
    objective = None
    if result.objective is not None:
        checklist = result.objective.checklist
        objective = {
            "score": result.objective.score,
            "max": indicator.objective_max,
            "chosen": result.objective.chosen,
            "filled": checklist is not None,
            "checklist_id": checklist.id if checklist else None,
        }
    return {
        "number": indicator.number,
        "group": indicator.group,
        "title": indicator.title,
        "kind": indicator.kind,
        "level": indicator.level,
        "subjective": subjective,
        "distribution": result.channels or None,
        "objective": objective,
        "score": result.score.score,
        "max": result.score.max,
        "suspended": result.suspended,
        "suspension_reason": reasons.get(indicator.key) if result.suspended else None,
    }


def office_body(scores: OfficeScores) -> dict:
    found = scores.index
    reasons = suspension_reasons(found.period)
    return {
        "office_id": found.office.id,
        "office_name": found.office.name,
        "region_id": found.office.region_id,
        "is_managing_office": found.office.is_managing_office,
        "period": found.period,
        "methodology_key": found.methodology.key,
        "methodology_version": found.methodology.version,
        "minimum": found.methodology.min_responses,
        "indicators": {r.indicator.key: indicator_body(r, reasons) for r in found.results},
        "regional_indicators": {
            r.indicator.key: indicator_body(r, reasons) for r in scores.regional
        },
        "total": found.total,
        "baseline_period": scores.baseline,
        "baseline_total": found.baseline_total,
        "change": found.change,
        "annulled": found.annulled,
        "annulment": found.annulment,
    }
