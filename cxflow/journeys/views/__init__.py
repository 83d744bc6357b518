"""HTML pages of the journeys domain: a pilot's journeys, the journey map as lanes, and the
forms for stages, touchpoints, pain points and measurements. One module per noun; every page
is on the one blueprint `journeys`, so its endpoint is journeys.<page>."""

from flask import Blueprint

bp = Blueprint("journeys", __name__)

# The pages add their routes to `bp` as they are imported.
from cxflow.journeys.views import journeys, measurements, stages  # noqa: E402, F401
