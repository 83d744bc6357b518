"""Boards of what is late: roadmap checkpoints of every region, overdue quick wins; the maturity
and the customer-centricity index of regions."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.dashboards import api, views

module = Module(
    name="dashboards",
    blueprints=(views.bp,),
    api_blueprints=(api.blp, api.index_blp),
    navigation=(
        NavEntry(
            "dashboards.monitoring",
            _l("Roadmap checkpoints"),
            "pilots.view",
            menu="monitoring",
            order=30,
        ),
        NavEntry(
            "dashboards.quick_wins",
            _l("Overdue quick wins"),
            "pilots.view",
            menu="monitoring",
            order=31,
        ),
        NavEntry(
            "dashboards.maturity",
            _l("Maturity of regions"),
            "maturity.view",
            menu="monitoring",
            order=32,
        ),
        # the federal board; a regional role is sent to its region's board
        NavEntry(
            "dashboards.index_board_page",
            _l("Index: summary board"),
            "index.view",
            menu="monitoring",
            order=33,
        ),
    ),
)
