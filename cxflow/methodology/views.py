"""The admin's list of methodology versions."""

from flask import Blueprint, render_template
from flask_login import current_user

from cxflow.core import access
from cxflow.methodology import services

bp = Blueprint("methodology", __name__, url_prefix="/admin/methodology")


@bp.route("/")
def index():
    access.require(current_user, "methodology.view")
    return render_template(
        "methodology/index.html", versions=services.versions(), is_current=services.is_current
    )
