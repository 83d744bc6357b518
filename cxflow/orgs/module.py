"""Regions and offices."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.orgs import api, views
from cxflow.orgs.models import NETWORK_TITLES

module = Module(
    name="orgs",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(
        NavEntry("orgs.regions", _l("Regions"), menu="reference", order=60),
        NavEntry("orgs.offices", _l("Offices"), "offices.view", menu="reference", order=61),
    ),
    template_globals={"network_title": lambda network: NETWORK_TITLES.get(network, network)},
)
