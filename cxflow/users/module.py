"""User accounts and their roles."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.users import api, views
from cxflow.users.models import ROLE_TITLES

module = Module(
    name="users",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(NavEntry("users.index", _l("Users"), "users.manage", menu="reference", order=64),),
    template_globals={"role_title": lambda role: ROLE_TITLES.get(role, role)},
)
