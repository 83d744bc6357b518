"""A pilot's working group: members and meetings."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module
from cxflow.pilots.tabs import PilotTab
from cxflow.working_groups import api, views

module = Module(
    name="working_groups",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    contributes={"pilot_tabs": (PilotTab("working_groups.index", _l("Working group"), 30),)},
)
