"""Pilots: the list, the pilot's own fields, its documents and the tabs of its pages."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.pilots import views
from cxflow.pilots.models import DELIVERABLE_TITLES, PHASE_TITLES
from cxflow.pilots.tabs import pilot_tabs

module = Module(
    name="pilots",
    blueprints=(views.bp,),
    navigation=(NavEntry("pilots.index", _l("Pilots"), "pilots.view", order=10),),
    template_globals={
        "phase_title": lambda kind: PHASE_TITLES.get(kind, kind),
        "deliverable_title": lambda kind: DELIVERABLE_TITLES.get(kind, kind),
        "pilot_tabs": pilot_tabs,
    },
)
