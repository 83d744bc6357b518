"""The customer-centricity index: office surveys (seed 002 App. 6/7), the indicator catalogue,
the regions' periods and chosen indicators, objective checklists (App. 8)."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.index import api, views
from cxflow.index.services.catalogue import points
from cxflow.index.services.posters import public_survey_url
from cxflow.orgs.panels import OfficePanel, RegionPanel

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
        NavEntry(
            "index.indicators",
            _l("Customer-centricity index"),
            "index.view",
            menu="monitoring",
            order=43,
        ),
    ),
    template_globals={"public_survey_url": public_survey_url, "index_points": points},
    task_modules=("cxflow.index.tasks",),
    # the office page's panels: the survey (link, QR code, posters, export, a new link), the
    # links to the office's and the region's index, the checklists to fill
    contributes={
        "office_page_panels": (
            OfficePanel("index/_office_survey_panel.html", 10),
            OfficePanel("index/_office_index_panel.html", 20),
            OfficePanel("index/_office_checklists_panel.html", 30),
        ),
        "region_page_panels": (RegionPanel("index/_region_index_panel.html", 20),),
    },
)
