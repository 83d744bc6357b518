"""The customer-centricity index on the journey map: an indicator's value of an index period
recorded as a measurement of the stage (the map itself shows the values: views.journeys)."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core.routing import id_arg
from cxflow.core.views import handle_action
from cxflow.journeys.access import load_stage_or_404
from cxflow.journeys.services import index_values
from cxflow.journeys.views.blueprint import bp


@bp.route("/journey-stages/<int:stage_id>/index-measurements", methods=["POST"])
def record_index_measurement(stage_id: int):
    stage = load_stage_or_404(stage_id, permission="pilots.view")
    period_id = id_arg("period_id", request.form)
    back = url_for("journeys.journey", journey_id=stage.journey_id, period_id=period_id)
    return handle_action(
        lambda: index_values.record_measurement(
            current_user, stage, period_id, request.form.get("indicator_key", "")
        ),
        next_url=f"{back}#stage-{stage.id}",
        success=_("The index value is recorded as a measurement of the stage."),
    )
