"""The JSON shapes of the dashboards API."""

import marshmallow as ma

from cxflow.core.api import Id, PageArgs
from cxflow.core.spreadsheets import XLSX_MIMETYPE
from cxflow.dashboards.services import TIERS
from cxflow.dashboards.services.index_board import result_cell
from cxflow.index.schemas.periods import PeriodRefSchema
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


# --- the customer-centricity index boards (API.md "Customer-centricity index") ---------------

XLSX_SCORES = {
    "description": (
        "Scores office × indicator (attachment): methodology version, period, n, subjective "
        "share, objective points and maximum, score and maximum, suspended, annulled and why"
    ),
    "content": {XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}
XLSX_COMPARISON = {
    "description": (
        "The comparison table of seed 002 §2.3 (attachment): per indicator each region's value "
        "or state, the means and the maximum possible (the indicator's own maximum)"
    ),
    "content": {XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}


class BoardArgs(ma.Schema):
    on = ma.fields.Date(
        load_default=None,
        metadata={
            "description": "Each region's period containing this day (regions of one campaign "
            "line up); default: each region's latest period"
        },
    )


class ScoresArgs(BoardArgs):
    region_code = ma.fields.String(
        metadata={"description": "Only this region (an unknown or hidden code matches nothing)"}
    )


class RegionIndexArgs(ma.Schema):
    start = ma.fields.Date(
        data_key="from",
        load_default=None,
        metadata={"description": "First day of the period; with `to`. Default: latest period"},
    )
    end = ma.fields.Date(
        data_key="to",
        load_default=None,
        metadata={
            "description": "Last day of the period. Dates of no opened period: computed from "
            "the answers alone (nothing chosen, no baseline)"
        },
    )


class AnnulledOfficeSchema(ma.Schema):
    office_id = ma.fields.Function(lambda o: o.office.id)
    office_name = ma.fields.Function(lambda o: o.office.name)
    reason = ma.fields.Function(lambda o: o.annulment.reason)


def _period(row):
    return PeriodRefSchema().dump(row.period) if row.period is not None else None


def _baseline(row):
    return PeriodRefSchema().dump(row.previous.period) if row.previous is not None else None


class BoardRegionSchema(ma.Schema):
    region_id = ma.fields.Function(lambda r: r.region.id)
    region_code = ma.fields.Function(lambda r: r.region.code)
    region_name = ma.fields.Function(lambda r: r.region.name)
    network = ma.fields.Function(lambda r: str(r.region.network))
    period = ma.fields.Function(
        _period,
        allow_none=True,
        metadata={"type": "object", "description": "null: no period for the choice"},
    )
    baseline = ma.fields.Function(
        _baseline,
        allow_none=True,
        metadata={"type": "object", "description": "The previous period, if any"},
    )
    total = ma.fields.Float(allow_none=True)
    baseline_total = ma.fields.Function(
        lambda r: r.index.baseline_total if r.index else None, allow_none=True
    )
    change = ma.fields.Float(
        allow_none=True, metadata={"description": "total − baseline total (seed 002 L46)"}
    )
    offices = ma.fields.Function(lambda r: len(r.offices), metadata={"type": "integer"})
    offices_counted = ma.fields.Integer(
        attribute="counted", metadata={"description": "Offices with a total (annulled: 0)"}
    )
    annulled_offices = ma.fields.List(ma.fields.Nested(AnnulledOfficeSchema), attribute="annulled")
    responses = ma.fields.Integer(metadata={"description": "Counted answers of the period"})


class BoardNetworksSchema(ma.Schema):
    centralized = ma.fields.List(ma.fields.Nested(BoardRegionSchema))
    decentralized = ma.fields.List(ma.fields.Nested(BoardRegionSchema))


class BoardSchema(ma.Schema):
    on = ma.fields.Date(allow_none=True)
    networks = ma.fields.Nested(BoardNetworksSchema)


class OfficeTotalSchema(ma.Schema):
    office_id = ma.fields.Function(lambda o: o.office.id)
    office_name = ma.fields.Function(lambda o: o.office.name)
    is_managing_office = ma.fields.Function(lambda o: o.office.is_managing_office)
    total = ma.fields.Float(allow_none=True)
    baseline_total = ma.fields.Float(allow_none=True)
    change = ma.fields.Float(allow_none=True)
    responses = ma.fields.Integer()
    annulled = ma.fields.Boolean()
    annulment_reason = ma.fields.Function(
        lambda o: o.annulment.reason if o.annulment else None, allow_none=True
    )


class CellSchema(ma.Schema):
    score = ma.fields.Float(allow_none=True)
    max = ma.fields.Float(allow_none=True)
    state = ma.fields.String(
        metadata={
            "description": "value | suspended | not_chosen | too_few | not_filled | absent: "
            "why there is no score (never 0)"
        }
    )


class ShareSchema(ma.Schema):
    positive_share = ma.fields.Float(attribute="share", allow_none=True)
    responses = ma.fields.Integer()
    too_few = ma.fields.Boolean()


class ObjectivePartSchema(ma.Schema):
    score = ma.fields.Float(allow_none=True, metadata={"description": "null: not filled"})
    max = ma.fields.Float()
    chosen = ma.fields.Boolean(metadata={"description": "Chosen by the region for the period"})


def _subjective(result):
    shown = result.indicator.has_subjective and result.subjective is not None
    return ShareSchema().dump(result.subjective) if shown else None


def _objective(result):
    if result.objective is None:
        return None
    part = {
        "score": result.objective.score,
        "max": result.indicator.objective_max,
        "chosen": result.objective.chosen,
    }
    return ObjectivePartSchema().dump(part)


class RegionalIndicatorSchema(ma.Schema):
    score = ma.fields.Function(lambda r: result_cell(r).score, allow_none=True)
    max = ma.fields.Function(lambda r: result_cell(r).max, allow_none=True)
    state = ma.fields.Function(lambda r: result_cell(r).state, metadata={"type": "string"})
    subjective = ma.fields.Function(
        _subjective,
        allow_none=True,
        metadata={"type": "object", "description": "{positive_share, responses, too_few}"},
    )
    objective = ma.fields.Function(
        _objective,
        allow_none=True,
        metadata={"type": "object", "description": "{score, max, chosen}; null: none"},
    )


class RegionIndexSchema(BoardRegionSchema):
    managing_office_id = ma.fields.Function(
        lambda r: r.index.managing_office.id if r.index and r.index.managing_office else None,
        allow_none=True,
    )
    offices = ma.fields.List(
        ma.fields.Nested(OfficeTotalSchema),
        attribute="ranked",
        metadata={"description": "By total, highest first"},
    )
    indicators = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Nested(CellSchema),
        attribute="cells",
        metadata={"description": "The offices' mean, or the regional value"},
    )
    regional = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Nested(RegionalIndicatorSchema),
        metadata={"description": "Indicators assessed once per region (managing office)"},
    )
