"""The service catalogue page (reference data)."""

from flask import Blueprint, render_template

from cxflow.catalogue import services
from cxflow.catalogue.models import ENTRY_KIND_TITLES, MODE_TITLES, MODEL_STAGE_TITLES

bp = Blueprint("catalogue", __name__)


@bp.route("/catalogue/")
def index():
    return render_template(
        "catalogue/index.html",
        services=services.public_services(),
        kinds=ENTRY_KIND_TITLES,
        stages=MODEL_STAGE_TITLES,
        modes=MODE_TITLES,
    )
