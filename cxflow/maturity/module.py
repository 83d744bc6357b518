"""CX maturity: self-assessments, controls of the level matrix and the region's level."""

from cxflow.core.modules import Module
from cxflow.maturity import api, views

module = Module(
    name="maturity",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
)
