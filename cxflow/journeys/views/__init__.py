"""HTML pages of the journeys domain: a pilot's journeys, the journey map as lanes, and the
forms for stages, touchpoints, pain points and measurements. One module per noun; each adds
its routes to the one blueprint (views.blueprint) as it is imported."""

from cxflow.journeys.views import index, journeys, measurements, stages  # noqa: F401 - routes
from cxflow.journeys.views.blueprint import bp

__all__ = ["bp"]
