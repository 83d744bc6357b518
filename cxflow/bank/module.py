"""The knowledge bank."""

from flask_babel import lazy_gettext as _l

from cxflow.bank import api, views
from cxflow.core.modules import Module, NavEntry

module = Module(
    name="bank",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(NavEntry("bank.index", _l("Knowledge bank"), "pilots.view", order=40),),
)
