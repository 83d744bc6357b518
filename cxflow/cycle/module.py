"""The CX improvement cycle of a pilot."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module
from cxflow.cycle import api, views
from cxflow.pilots.tabs import PilotTab

module = Module(
    name="cycle",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    contributes={"pilot_tabs": (PilotTab("cycle.index", _l("CX cycle"), 20),)},
)
