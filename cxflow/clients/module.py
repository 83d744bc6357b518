"""Client KPIs and client profiles of a pilot."""

from flask_babel import lazy_gettext as _l

from cxflow.clients import api, views
from cxflow.core.modules import Module
from cxflow.pilots.tabs import PilotTab

module = Module(
    name="clients",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    contributes={
        "pilot_tabs": (
            PilotTab("clients.kpis", _l("Client KPIs"), 40),
            PilotTab("clients.profiles", _l("Client profiles"), 50),
        )
    },
)
