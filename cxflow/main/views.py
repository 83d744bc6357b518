"""Home page and the language switch."""

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from cxflow.core.extensions import db
from cxflow.core.routing import public, safe_redirect_target
from cxflow.orgs import services as orgs
from cxflow.orgs.models import Region

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    offices = db.session.scalars(orgs.list_offices(current_user)).all()
    region_count = db.session.scalar(sa.select(sa.func.count(Region.id)))
    return render_template("main/index.html", offices=offices, region_count=region_count)


@bp.route("/lang/<code>")
@public
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_redirect_target(request.referrer, url_for("main.index")))
