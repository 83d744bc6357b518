"""Methodology versions (DESIGN.md "Methodology as versioned data")."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.methodology import api, views

module = Module(
    name="methodology",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(
        NavEntry(
            "methodology.index", _l("Methodology"), "methodology.view", menu="reference", order=65
        ),
    ),
)
