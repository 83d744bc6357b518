"""Solution maps and quick wins."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module
from cxflow.pilots.tabs import PilotTab
from cxflow.solutions import api, views, workbook_views
from cxflow.solutions.reminders import QUICK_WINS

module = Module(
    name="solutions",
    blueprints=(views.bp, workbook_views.bp),
    api_blueprints=(api.blp, workbook_views.blp),
    contributes={
        "pilot_tabs": (PilotTab("solutions.index", _l("Solution map"), 70),),
        "deadline_sources": (QUICK_WINS,),
    },
)
