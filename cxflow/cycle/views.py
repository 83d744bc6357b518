"""The CX cycle page of a pilot: where it is, what the next stage needs, the history."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core.views import handle_action
from cxflow.cycle import services
from cxflow.pilots.access import load_pilot_or_404
from cxflow.workflows.definitions import CYCLE
from cxflow.workflows.forms import TransitionForm

bp = Blueprint("cycle", __name__)


@bp.route("/pilots/<int:pilot_id>/cycle")
def index(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    return render_template(
        "cycle/index.html",
        pilot=pilot,
        diagram=services.diagram(pilot),
        checklist=services.checklist(pilot),
        events=services.allowed_events(pilot),
        history=services.history(pilot),
        workflow=CYCLE,
    )


@bp.route("/pilots/<int:pilot_id>/cycle/transitions", methods=["POST"])
def transition(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    form = TransitionForm()
    if not form.validate():
        abort(400)
    seen = request.form.get("stage") or None

    def move():
        services.fire(current_user, pilot, form.event.data, form.comment.data, seen)

    return handle_action(
        move,
        next_url=url_for("cycle.index", pilot_id=pilot_id),
        success=lambda: _(
            "The pilot is now at the stage “%(stage)s”.", stage=CYCLE.state_titles[pilot.stage]
        ),
    )
