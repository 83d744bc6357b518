"""HTML pages of the working groups domain."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("working_groups", __name__)


@bp.before_request
@login_required
def _signed_in():
    pass


@bp.route("/pilots/<int:pilot_id>/working-group")
def index(pilot_id: int):  # placeholder until the page is built
    return ""
