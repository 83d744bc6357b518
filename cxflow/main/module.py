"""The home page, the language switch and the health check."""

from cxflow.core.modules import Module
from cxflow.main import api, views

module = Module(name="main", blueprints=(views.bp,), api_blueprints=(api.blp,))
