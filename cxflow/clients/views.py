"""HTML pages of the clients domain."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("clients", __name__)


@bp.before_request
@login_required
def _signed_in():
    pass


@bp.route("/pilots/<int:pilot_id>/kpis")
def kpis(pilot_id: int):  # placeholder until the page is built
    return ""


@bp.route("/pilots/<int:pilot_id>/profiles")
def profiles(pilot_id: int):  # placeholder until the page is built
    return ""
