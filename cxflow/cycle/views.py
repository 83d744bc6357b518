"""HTML pages of the cycle domain."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("cycle", __name__)


@bp.before_request
@login_required
def _signed_in():
    pass
