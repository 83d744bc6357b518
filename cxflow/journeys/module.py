"""Client journeys, their stages, touchpoints, pain points and measurements."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module
from cxflow.journeys import api, views
from cxflow.pilots.tabs import PilotTab

module = Module(
    name="journeys",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    contributes={"pilot_tabs": (PilotTab("journeys.index", _l("Journeys"), 60),)},
)
