"""The customer-centricity index: office surveys (seed 002 App. 6/7)."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.index import api, views

module = Module(
    name="index",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(
        NavEntry(
            "index.surveys", _l("Client surveys"), "surveys.view", menu="monitoring", order=41
        ),
        NavEntry(
            "index.flags",
            _l("Flagged survey answers"),
            "surveys.review",
            menu="monitoring",
            order=42,
        ),
    ),
)
