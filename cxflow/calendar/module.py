"""The production calendar: working days, holidays, an admin's overrides."""

from flask_babel import lazy_gettext as _l

from cxflow.calendar import api, views
from cxflow.core.modules import Module, NavEntry

module = Module(
    name="calendar",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(NavEntry("calendar.index", _l("Calendar"), menu="reference", order=62),),
)
