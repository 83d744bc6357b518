"""The customer-centricity index: office surveys (seed 002 App. 6/7)."""

from cxflow.core.modules import Module
from cxflow.index import api, views

module = Module(name="index", blueprints=(views.bp,), api_blueprints=(api.blp,))
