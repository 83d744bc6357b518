"""/api/v1: the index of an office and of a region for a period (API.md "Customer-centricity
index"), and the federal decisions on an office's points: annul and reverse (seed 002 L103)."""

from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from cxflow.core.api import api_user, list_schema
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.access import (
    load_annulment_or_404,
    load_office_or_404,
)
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.scores import (
    AnnulmentSchema,
    DecisionBody,
    DecisionRowSchema,
    IndexPeriodArgs,
    OfficeIndexSchema,
    RevokeBody,
    office_body,
)
from cxflow.index.services import periods, scores, verification


def _period(region, args):
    if args["start"] is None:
        latest = periods.periods_of(region.id)
        if not latest:
            raise ValidationError(
                {"from": _("The region has no index period yet: give the dates.")}
            )
        return latest[0]
    return scores.period_for(region, args["start"], args["end"])


@blp.route("/offices/<int:office_id>/index")
@blp.arguments(IndexPeriodArgs, location="query")
@blp.response(200, OfficeIndexSchema)
def office_index(args, office_id):
    """Per indicator the subjective share with its `n` (seekers and employers apart and
    pooled), the objective points and maximum, the score; the total, its change against the
    region's previous period, and whether a federal decision annulled the points. The region's
    indicators (level `managing_office`) come once, as `regional_indicators` of its managing
    office."""
    office = load_office_or_404(office_id, api_user(), "index.view")
    return office_body(scores.office_scores(office, _period(office.region, args)))


@blp.route("/offices/<int:office_id>/index/annul", methods=["POST"])
@blp.arguments(DecisionBody)
@blp.response(201, AnnulmentSchema)
def annul(data, office_id):
    """Annul every point of the office for the region's period of these dates (federal
    consultant, admin): 422 `reason` when blank, 409 when already annulled."""
    office = load_office_or_404(office_id, api_user(), "index.verify")
    period = verification.period_of(office.region, data["period_start"], data["period_end"])
    decision = verification.annul(office, period, data["reason"], api_user())
    db.session.commit()
    return decision


@blp.route("/offices/<int:office_id>/index/reverse", methods=["POST"])
@blp.arguments(DecisionBody)
@blp.response(201, AnnulmentSchema)
def reverse(data, office_id):
    """Reverse the annulment in force (another federal decision): 409 when not annulled. Both
    decisions stay in the history."""
    office = load_office_or_404(office_id, api_user(), "index.verify")
    period = verification.period_of(office.region, data["period_start"], data["period_end"])
    decision = verification.reverse(office, period, data["reason"], api_user())
    db.session.commit()
    return decision


@blp.route("/offices/<int:office_id>/index/annulments/<int:annulment_id>/revoke", methods=["POST"])
@blp.arguments(RevokeBody)
@blp.response(201, AnnulmentSchema)
def revoke(data, office_id, annulment_id):
    """API.md's form of the reversal: of one annulment, which must be the one in force."""
    annulment = load_annulment_or_404(annulment_id, api_user())
    if annulment.office_id != office_id:
        raise NotFound()
    decision = verification.revoke(annulment, data["reason"], api_user())
    db.session.commit()
    return decision


@blp.route("/offices/<int:office_id>/index/annulments")
@blp.response(200, list_schema(DecisionRowSchema))
def annulments(office_id):
    """Every decision on the office's points, oldest first (annul and reverse)."""
    office = load_office_or_404(office_id, api_user(), "index.view")
    items = verification.office_history(office)
    return {"items": items, "total": len(items)}
