"""/api/v1 endpoints of the maturity domain (API.md "Maturity"). One module per noun; each adds
its endpoints to the one blueprint (api.blueprint) as it is imported."""

from cxflow.maturity.api import assessments, controls, events
from cxflow.maturity.api.blueprint import blp

__all__ = ["assessments", "blp", "controls", "events"]
