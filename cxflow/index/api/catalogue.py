"""/api/v1: the indicator catalogue of the methodology version in force (or a recorded one)."""

from flask import abort

from cxflow.core import access
from cxflow.core.api import api_user
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.catalogue import IndicatorCatalogueArgs, IndicatorCatalogueSchema
from cxflow.index.services import catalogue


@blp.route("/index/indicators")
@blp.arguments(IndicatorCatalogueArgs, location="query")
@blp.response(200, IndicatorCatalogueSchema)
def list_indicators(args):
    """The twenty indicators in five groups with kinds, maxima, levels, checklist parameters
    and points; `decision` is cxflow's where the seed is silent. `?version=` reads a recorded
    version (404 if it never was)."""
    access.require(api_user(), "index.view")
    methodology = catalogue.of_version(args["version"])
    if methodology is None:
        abort(404)
    return methodology
