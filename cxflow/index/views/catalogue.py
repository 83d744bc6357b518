"""The indicator catalogue pages (seed 002 §1.1, App. 8): the groups with their indicators,
kinds, levels, maxima and points, and one indicator with its checklist; every point the seed
leaves open is shown with cxflow's decision beside it."""

from flask import abort, render_template
from flask_login import current_user

from cxflow.core import access
from cxflow.core.routing import id_arg
from cxflow.index.services import catalogue
from cxflow.index.views.blueprint import bp


def _methodology():
    methodology = catalogue.of_version(id_arg("version"))
    if methodology is None:
        abort(404)
    return methodology


@bp.route("/index/indicators")
def indicators():
    access.require(current_user, "index.view")
    methodology = _methodology()
    return render_template(
        "index/catalogue/indicators.html",
        methodology=methodology,
        groups=catalogue.by_group(methodology),
        kinds=catalogue.KIND_TITLES,
        levels=catalogue.LEVEL_TITLES,
        rules=catalogue.RULE_TITLES,
    )


@bp.route("/index/indicators/<key>")
def indicator(key: str):
    access.require(current_user, "index.view")
    methodology = _methodology()
    found = methodology.indicator(key)
    if found is None:
        abort(404)
    return render_template(
        "index/catalogue/indicator.html",
        methodology=methodology,
        indicator=found,
        group=methodology.group(found.group),
        topics=[methodology.topic(t) for t in found.stages if methodology.topic(t)],
        comfort=catalogue.by_comfort_level(found),
        kinds=catalogue.KIND_TITLES,
        levels=catalogue.LEVEL_TITLES,
        rules=catalogue.RULE_TITLES,
    )
