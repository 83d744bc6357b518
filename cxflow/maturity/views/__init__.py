"""HTML pages of the maturity domain. One module per noun; each adds its routes to the one
blueprint (views.blueprint) as it is imported."""

from cxflow.maturity.views import assessments, controls, events
from cxflow.maturity.views.blueprint import bp

__all__ = ["assessments", "bp", "controls", "events"]
