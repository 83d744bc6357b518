"""The JSON shapes of the bank API."""

import marshmallow as ma

from cxflow.bank import services as bank
from cxflow.core.api import Id, PageArgs, Timestamp
from cxflow.solutions.models import Solution


def _origin(origin: Solution | None) -> dict | None:
    if origin is None:
        return None
    region = origin.pilot.region
    return {
        "id": origin.id,
        "region_code": region.code,
        "pilot_id": origin.pilot_id,
        "pilot_title": origin.pilot.title,
    }


class BankFilterArgs(ma.Schema):
    q = ma.fields.String(
        metadata={
            "description": "Words to find in any form (Russian stemming), all of them; "
            f"cut to {bank.MAX_QUERY} characters; stop words and symbols are ignored"
        }
    )
    target_group = ma.fields.String(metadata={"description": "The pilot's target group"})
    service = ma.fields.String(metadata={"description": "The pilot's service"})
    stage = ma.fields.String(metadata={"description": "Part of the journey stage's title"})
    outcome = ma.fields.String(validate=ma.validate.OneOf(list(bank.OUTCOMES)))
    region_code = ma.fields.String()
    tier = ma.fields.String(validate=ma.validate.OneOf(sorted(bank.TIERS)))


class BankListArgs(BankFilterArgs, PageArgs):
    pass


class SimilarArgs(ma.Schema):
    limit = ma.fields.Integer(
        load_default=5, validate=ma.validate.Range(min=1, max=bank.MAX_SIMILAR)
    )


class PublishIn(ma.Schema):
    published = ma.fields.Boolean(required=True)
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


class CopyIn(ma.Schema):
    pilot_id = Id(required=True, metadata={"description": "A pilot the user may edit"})
    stage_id = Id(required=True, metadata={"description": "A journey stage of that pilot"})
    pain_point_id = Id(load_default=None, allow_none=True)
    window_start = ma.fields.Date(load_default=None, allow_none=True)
    due_date = ma.fields.Date(load_default=None, allow_none=True)
    ongoing = ma.fields.Boolean(load_default=False)
    owner = ma.fields.String(load_default="")
    owner_user_id = Id(load_default=None, allow_none=True)


class EffectSchema(ma.Schema):
    verdict = ma.fields.String(
        metadata={"enum": ["not_measured", "not_comparable", "improved", "unchanged", "worse"]}
    )
    change = ma.fields.Float(allow_none=True, metadata={"description": "After − before, 0..1"})
    before_measurement_id = ma.fields.Integer(allow_none=True)
    after_measurement_id = ma.fields.Integer(allow_none=True)


class OriginSchema(ma.Schema):
    id = ma.fields.Integer()
    region_code = ma.fields.String()
    pilot_id = ma.fields.Integer()
    pilot_title = ma.fields.String()


class BankItemSchema(ma.Schema):
    id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    region_code = ma.fields.String()
    pilot_id = ma.fields.Integer()
    pilot_title = ma.fields.String()
    target_group = ma.fields.String()
    service = ma.fields.String()
    stage_id = ma.fields.Integer(allow_none=True)
    stage_title = ma.fields.String(allow_none=True)
    pain_point_id = ma.fields.Integer(allow_none=True)
    pain_point = ma.fields.String(allow_none=True)
    solution = ma.fields.String()
    planned_result = ma.fields.String()
    owner = ma.fields.String()
    window_start = ma.fields.Date(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    ongoing = ma.fields.Boolean()
    tier = ma.fields.String()
    status = ma.fields.String()
    done_on = ma.fields.Date(allow_none=True)
    effective = ma.fields.Boolean(metadata={"description": "Delivered, and the stage improved"})
    effect = ma.fields.Nested(EffectSchema)
    published = ma.fields.Boolean()
    origin_id = ma.fields.Integer(allow_none=True)
    origin = ma.fields.Nested(
        OriginSchema,
        allow_none=True,
        metadata={"description": "The solution copied from, when the user may see it"},
    )
    version = ma.fields.Integer()
    updated_at = Timestamp()

    @ma.pre_dump
    def _flatten(self, item: bank.BankItem, **_kwargs) -> dict:
        s, effect, origin = item.solution, item.effect, item.origin
        own = {name: getattr(s, name) for name in self.PLAIN}
        return own | {
            "region_code": s.pilot.region.code,
            "pilot_title": s.pilot.title,
            "target_group": s.pilot.target_group,
            "service": s.pilot.service,
            "stage_title": s.stage.title if s.stage else None,
            "pain_point": s.pain_point.description if s.pain_point else None,
            "tier": s.tier.value,
            "effective": s.status == "done" and effect.effective,
            "effect": {
                "verdict": effect.verdict,
                "change": effect.change,
                "before_measurement_id": s.before_measurement_id,
                "after_measurement_id": s.after_measurement_id,
            },
            "origin": _origin(origin),
        }

    PLAIN = (
        "id", "region_id", "pilot_id", "stage_id", "pain_point_id", "solution", "planned_result",
        "owner", "window_start", "due_date", "ongoing", "status", "done_on", "published",
        "origin_id", "version", "updated_at",
    )  # fmt: skip
