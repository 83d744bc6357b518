"""The service catalogue (seed 000)."""

from flask_babel import lazy_gettext as _l

from cxflow.catalogue import api, views
from cxflow.core.modules import Module, NavEntry

module = Module(
    name="catalogue",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(NavEntry("catalogue.index", _l("Service catalogue"), menu="reference", order=63),),
)
