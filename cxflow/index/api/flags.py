"""/api/v1: the review queue of flagged survey answers (reviewers of the region)."""

from cxflow.core import access
from cxflow.core.api import api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.index.access import load_flag_or_404
from cxflow.index.api.blueprint import blp
from cxflow.index.models.surveys import FlagStatus
from cxflow.index.schemas.flags import FlagDecision, FlagListArgs, FlagSchema
from cxflow.index.services import review


@blp.route("/survey-flags")
@blp.arguments(FlagListArgs, location="query")
@blp.response(200, list_schema(FlagSchema))
def list_flags(args):
    """Flagged answers the user may review, e.g. `?region_code=52&status=pending`."""
    access.require(api_user(), "surveys.review")
    stmt = review.list_flags(
        api_user(),
        status=FlagStatus(args["status"]) if args.get("status") else None,
        region_code=args.get("region_code"),
    )
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/survey-flags/<int:flag_id>/decision", methods=["POST"])
@blp.arguments(FlagDecision)
@blp.response(200, FlagSchema)
def decide(data, flag_id):
    """Accept (the answer counts) or reject (it stays out); a decided flag answers 409."""
    flag = load_flag_or_404(flag_id, api_user())
    review.decide(api_user(), flag, data["decision"], data.get("comment"))
    db.session.commit()
    return flag
