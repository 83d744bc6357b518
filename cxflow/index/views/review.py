"""The review queue of flagged survey answers: pending flags with the office, the time in the
region's own time, the reasons in words and the answers on one line, with accept and reject
buttons (issue #15). Device data is never shown: the queue has none to show."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.paging import paginate
from cxflow.core.routing import id_arg, safe_redirect_target
from cxflow.core.views import handle_action
from cxflow.index.access import load_flag_or_404
from cxflow.index.models.surveys import RESPONDENT_TITLES, FlagStatus
from cxflow.index.services import review
from cxflow.index.views.blueprint import bp
from cxflow.orgs import services as orgs

STATUSES = ("pending", "accepted", "rejected", "all")


@bp.route("/surveys/flags")
def flags():
    access.require(current_user, "surveys.review")
    status = request.args.get("status") or "pending"
    if status not in STATUSES:
        abort(404)
    region_id = id_arg("region_id")
    stmt = review.list_flags(
        current_user,
        status=None if status == "all" else FlagStatus(status),
        region_id=region_id,
    )
    return render_template(
        "index/flags.html",
        page=paginate(stmt),
        status=status,
        statuses=[(s, _status_title(s)) for s in STATUSES],
        region_id=region_id,
        regions=orgs.region_options(current_user),
        reason_titles=review.REASON_TITLES,
        status_titles=review.STATUS_TITLES,
        respondent_titles=RESPONDENT_TITLES,
        local_time=review.local_time,
        compact=review.compact_answers,
    )


def _status_title(status: str) -> str:
    return _("all") if status == "all" else str(review.STATUS_TITLES[FlagStatus(status)])


@bp.route("/surveys/flags/<int:flag_id>/decision", methods=["POST"])
def decide_flag(flag_id: int):
    flag = load_flag_or_404(flag_id, current_user)
    back = safe_redirect_target(request.form.get("next"), url_for("index.flags"))
    decision = request.form.get("decision", "")
    return handle_action(
        lambda: review.decide(current_user, flag, decision, request.form.get("comment", "")),
        next_url=back,
        success=lambda: (
            _("Answer accepted: it counts now.")
            if decision == "accept"
            else _("Answer rejected: it stays out of the counts.")
        ),
    )
